package dev.coordination.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;

/**
 * Writes each instrumented method's site number into its advice as an {@code int} constant. The
 * number is the one the weaver registered for the method in the class's {@link TransformAttempt}
 * on this thread, so one {@code Advice} serves every class (built once, not parsed again per class).
 */
final class SiteIdMapping implements Advice.OffsetMapping {

    static String key(MethodDescription method) {
        return method.getInternalName() + method.getDescriptor();
    }

    @Override
    public Target resolve(
            TypeDescription instrumentedType,
            MethodDescription instrumentedMethod,
            Assigner assigner,
            Advice.ArgumentHandler argumentHandler,
            Sort sort) {
        Integer id = TransformAttempt.registeredSiteId(key(instrumentedMethod));
        if (id == null) {
            throw new IllegalStateException(
                    "no lock site for " + instrumentedType.getName() + "#" + instrumentedMethod.getName());
        }
        return new Target.ForStackManipulation(IntegerConstant.forValue(id));
    }
}

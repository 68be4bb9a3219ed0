package dev.coordination.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.Synchronized;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up weaves its made-up class for real (both methods become lock sites with
 * working templates), so it takes the paths an application's first annotated class would take.
 */
class WeavingWarmUpTest {

    @Test
    void weavesItsMadeUpClassIntoTwoWorkingLockSites() {
        LockSites sites = new LockSites();

        boolean woven = WeavingWarmUp.weaveOnce(LockInstaller.transformer(sites, List.of()));

        assertThat(woven).isTrue();
        assertThat(sites.all()).hasSize(2);
        for (LockSite site : sites.all()) {
            assertThat(site.loadError()).as(site.label()).isNull();
        }
    }

    @Test
    void standInAnnotationHasTheRealAnnotationsMembersAndDefaults() {
        ClassFileLocator standInAndJdk = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(Synchronized.class.getName(), WeavingWarmUp.annotation()),
                ClassFileLocator.ForClassLoader.ofBootLoader());
        TypeDescription standIn = TypePool.Default.of(standInAndJdk)
                .describe(Synchronized.class.getName())
                .resolve();

        assertThat(members(standIn)).isEqualTo(members(TypeDescription.ForLoadedType.of(Synchronized.class)));
        assertThat(standIn.isAnnotation()).isTrue();
    }

    private static Map<String, String> members(TypeDescription annotation) {
        Map<String, String> members = new TreeMap<>();
        for (MethodDescription.InDefinedShape member : annotation.getDeclaredMethods()) {
            Object defaultValue = member.getDefaultValue() == null
                    ? null
                    : member.getDefaultValue().resolve();
            if (defaultValue instanceof EnumerationDescription) {
                defaultValue = ((EnumerationDescription) defaultValue).getValue();
            }
            members.put(member.getName(), member.getReturnType().asErasure().getName() + " default " + defaultValue);
        }
        return members;
    }
}

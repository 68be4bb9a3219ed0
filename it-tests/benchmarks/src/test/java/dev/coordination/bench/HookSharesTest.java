package dev.coordination.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class HookSharesTest {

    /** perf script's text for four samples of the loading thread, as perf 6.1 prints them (cut short). */
    private static final String SCRIPT = String.join(
            "\n",
            "java 4242 [001] 100.000001:     500000 cpu-clock:",
            "\t    7f00aa ClassFileParser::parse_stream+0x10 (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00ab JVM_DefineClassWithSource+0x20 (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00ac JavaCalls::call_helper+0x302 (/usr/lib/jvm/lib/server/libjvm.so)",
            "",
            "java 4242 [001] 100.000002:     500000 cpu-clock:",
            "\t    7f00ba jni_NewByteArray+0x40 (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00bb transformClassFile+0x9d (/usr/lib/jvm/lib/libinstrument.so)",
            "\t    7f00bc eventHandlerClassFileLoadHook+0x7f (/usr/lib/jvm/lib/libinstrument.so)",
            "\t    7f00bd JvmtiExport::post_class_file_load_hook+0x404 (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00be JavaCalls::call_helper+0x302 (/usr/lib/jvm/lib/server/libjvm.so)",
            "",
            "java 4242 [001] 100.000003:     500000 cpu-clock:",
            "\t    7f00ca byte[] dev.coordination.agent.instrument.AnnotatedClassFilter.transform()+0x3f (/tmp/perf-4242.map)",
            "\t    7f00cb JavaCalls::call_helper+0x302 (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00cc jni_CallObjectMethod+0x25a (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00cd transformClassFile+0x1c8 (/usr/lib/jvm/lib/libinstrument.so)",
            "\t    7f00ce JvmtiExport::post_class_file_load_hook+0x404 (/usr/lib/jvm/lib/server/libjvm.so)",
            "",
            "java 4242 [001] 100.000004:     500000 cpu-clock:",
            "\t    7f00da jni_CallObjectMethod+0x25a (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00db transformClassFile+0x1c8 (/usr/lib/jvm/lib/libinstrument.so)",
            "\t    7f00dc JvmtiExport::post_class_file_load_hook+0x404 (/usr/lib/jvm/lib/server/libjvm.so)",
            "\t    7f00dd JavaCalls::call_helper+0x302 (/usr/lib/jvm/lib/server/libjvm.so)");

    @Test
    void countsSamplesInTheHookAndInTheTransformersJava() throws Exception {
        HookShares.Shares shares = new HookShares.Shares();
        HookShares.count(new BufferedReader(new StringReader(SCRIPT)), shares);
        assertThat(shares.samples).isEqualTo(4);
        assertThat(shares.inHook)
                .as("the last three are inside post_class_file_load_hook")
                .isEqualTo(3);
        assertThat(shares.inJava)
                .as("only the third is in a transformer; the fourth is in the JNI call itself")
                .isEqualTo(1);
        assertThat(shares.hookPercent()).isEqualTo(75.0);
        assertThat(shares.jvmPercent()).isEqualTo(50.0);
        assertThat(shares.javaPercent()).isEqualTo(25.0);
    }
}

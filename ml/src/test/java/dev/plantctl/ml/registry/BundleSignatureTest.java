package dev.plantctl.ml.registry;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signature file as a parser of hostile input, and the signature as a check of every byte it covers. */
class BundleSignatureTest {

    private static final String FILE = "checksums.sha256";
    private static final String SUBJECT = "model m/1";
    private static final Path WHERE = Path.of("registry/m/1").resolve(BundleSignature.FILE);
    private static final TrustedKeys TRUST = TrustedKeys.of(TestSigning.KEY);

    @Property(tries = 200)
    void aSignedFileVerifiesAndAnyBitFlippedInItIsRefused(@ForAll @Size(min = 1, max = 300) byte[] content,
                                                           @ForAll @IntRange(min = 0, max = 10_000) int at,
                                                           @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] signature = BundleSignature.text(FILE, SUBJECT, TestSigning.KEY, content);
        assertThatCode(() -> BundleSignature.verify(TRUST, SUBJECT, FILE, content, signature, WHERE))
                .doesNotThrowAnyException();
        byte[] altered = content.clone();
        altered[at % altered.length] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> BundleSignature.verify(TRUST, SUBJECT, FILE, altered, signature, WHERE))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessage(WHERE + ": signature does not verify with key test-publisher (" + FILE + " modified?)");
    }

    @Property(tries = 200)
    void aSignatureDoesNotCarryOverToAnotherSubject(@ForAll @StringLength(min = 1, max = 40) String other) {
        Assume.that(!other.equals(SUBJECT) && !other.contains("\n") && other.strip().equals(other));
        byte[] content = "abc".getBytes(StandardCharsets.UTF_8);
        byte[] signature = BundleSignature.text(FILE, SUBJECT, TestSigning.KEY, content);
        assertThatThrownBy(() -> BundleSignature.verify(TRUST, other, FILE, content, signature, WHERE))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("signed for " + SUBJECT);
    }

    @Property(tries = 500)
    void arbitrarySignatureFilesAreRefusedWithAReason(@ForAll @Size(max = 400) byte[] junk) {
        byte[] content = "abc".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BundleSignature.verify(TRUST, SUBJECT, FILE, content, junk, WHERE))
                .isInstanceOf(ModelRejectedException.class).hasMessageStartingWith(WHERE + ": ");
    }

    @Property(tries = 500)
    void editedLinesOfAValidSignatureFileAreRefusedWithAReason(@ForAll @IntRange(min = 0, max = 5) int line,
                                                               @ForAll @StringLength(max = 30) String replacement) {
        byte[] content = "abc".getBytes(StandardCharsets.UTF_8);
        String[] lines = new String(BundleSignature.text(FILE, SUBJECT, TestSigning.KEY, content),
                StandardCharsets.UTF_8).split("\n");
        String before = lines[line];
        lines[line] = before.substring(0, before.indexOf(':') + 1) + " " + replacement;
        Assume.that(!lines[line].strip().equals(before.strip()));
        byte[] edited = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BundleSignature.verify(TRUST, SUBJECT, FILE, content, edited, WHERE))
                .isInstanceOf(ModelRejectedException.class).hasMessageStartingWith(WHERE + ": ");
    }
}

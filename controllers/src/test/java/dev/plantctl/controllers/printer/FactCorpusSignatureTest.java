package dev.plantctl.controllers.printer;

import dev.plantctl.ml.registry.BundleSignature;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FactCorpusSignatureTest {

    private static final String WHERE = "classpath:" + FactCorpus.RESOURCE;

    private static byte[] shipped(String name) throws Exception {
        try (InputStream in = FactCorpus.class.getResourceAsStream("/dev/plantctl/controllers/printer/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void theShippedCorpusVerifiesAgainstTheShippedKey() throws Exception {
        assertThat(FactCorpus.shipped()).hasSizeGreaterThan(10);
        assertThat(new String(shipped(BundleSignature.FILE), StandardCharsets.UTF_8))
                .contains("key: plantctl-release\n", "subject: " + FactCorpus.SIGNATURE_SUBJECT + "\n");
    }

    @Test
    void aTamperedCorpusIsRefused() throws Exception {
        String corpus = new String(shipped(FactCorpus.FILE_NAME), StandardCharsets.UTF_8);
        assertThat(corpus).contains("between 80 % and 120 %");
        byte[] widened = corpus.replace("between 80 % and 120 %", "between 20 % and 200 %")
                .getBytes(StandardCharsets.UTF_8);
        byte[] signature = shipped(BundleSignature.FILE);
        assertThatThrownBy(() -> FactCorpus.verified(widened, signature, TrustedKeys.shipped(), WHERE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("the printer knowledge base is refused: classpath:/dev/plantctl/controllers/printer/"
                        + "signature.ed25519: signature does not verify with key plantctl-release (facts.txt"
                        + " modified?)");
        assertThatThrownBy(() -> FactCorpus.verified(shipped(FactCorpus.FILE_NAME), null, TrustedKeys.shipped(),
                WHERE)).hasMessageContaining("missing: " + FactCorpus.SIGNATURE_SUBJECT + " is unsigned");
    }

    @Test
    void aCorpusSignedByAnotherKeyIsRefusedUnlessThatKeyIsTrusted(@TempDir Path dir) throws Exception {
        SigningKey site = SigningKey.generate("site");
        Files.write(dir.resolve(FactCorpus.FILE_NAME), shipped(FactCorpus.FILE_NAME));
        Path signature = FactCorpus.sign(dir, site);
        byte[] corpus = Files.readAllBytes(dir.resolve(FactCorpus.FILE_NAME));
        byte[] signed = Files.readAllBytes(signature);
        assertThatThrownBy(() -> FactCorpus.verified(corpus, signed, TrustedKeys.shipped(), WHERE))
                .hasMessageContaining("signed by key 'site', which is not trusted (trusted: plantctl-release)");
        assertThat(FactCorpus.verified(corpus, signed, TrustedKeys.of(site), WHERE))
                .isEqualTo(FactCorpus.shipped());

        Files.writeString(dir.resolve(FactCorpus.FILE_NAME), "## a | b\nno keywords line\n");
        assertThatThrownBy(() -> FactCorpus.sign(dir, site)).as("a malformed corpus is not signed")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a 'keywords:' line");
    }
}

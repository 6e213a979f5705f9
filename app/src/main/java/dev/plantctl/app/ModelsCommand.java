package dev.plantctl.app;

import dev.plantctl.controllers.printer.FactCorpus;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code plantctl models}: the Ed25519 keys that sign model bundles and the fact corpus, and signing. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Signing of model bundles and the printer fact corpus (Ed25519, ml/README.md). Jobs refuse a",
                "bundle that is unsigned or not signed by a trusted key."},
        subcommands = {ModelsCommand.Keygen.class, ModelsCommand.Sign.class})
final class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code plantctl models keygen}: a new key pair. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Generates an Ed25519 key pair: DIR/<id>.key (private, owner-only; keep it off the plant)",
                    "and DIR/<id>.pub (public; put it into the jobs' trusted-keys directory)."})
    static final class Keygen implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the two files go.")
        Path out;

        @Option(names = "--id", defaultValue = "plantctl-site", paramLabel = "KEY-ID",
                description = "The key id, written into every signature (default: ${DEFAULT-VALUE}).")
        String id;

        @Override
        public Integer call() throws IOException {
            SigningKey key = SigningKey.generate(id);
            Path privateFile;
            try {
                privateFile = key.writePrivateKey(out);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalArgumentException(e.getFile() + " exists: a private key is never overwritten");
            }
            Path publicFile = key.writePublicKey(out);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("private key %s%npublic key  %s%n", privateFile, publicFile);
            w.flush();
            return 0;
        }
    }

    /** {@code plantctl models sign}: signs bundles that exist. */
    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = {"Signs each PATH after checking its checksums, replacing its signature.ed25519: a registry",
                    "version directory (NAME/VERSION with checksums.sha256), a policy bundle directory (mbrl.json) or",
                    "the fact corpus's directory (facts.txt)."})
    static final class Sign implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--key", paramLabel = "FILE",
                description = "The private key (<key-id>.key). Default: the file the environment variable "
                        + SigningKey.ENVIRONMENT + " names.")
        Path key;

        @Parameters(arity = "1..*", paramLabel = "PATH", description = "What to sign.")
        List<Path> paths;

        @Override
        public Integer call() throws IOException {
            SigningKey signer = SigningKey.fromFileOrEnvironment(key, "plantctl models sign");
            PrintWriter w = spec.commandLine().getOut();
            for (Path p : paths) {
                w.printf("signed %s with key %s%n", sign(p.toAbsolutePath().normalize(), signer), signer.keyId());
                w.flush();
            }
            return 0;
        }

        private static Path sign(Path dir, SigningKey signer) throws IOException {
            if (Files.isRegularFile(dir.resolve(ModelRegistry.CHECKSUMS_FILE))) {
                String version = dir.getFileName().toString();
                if (!version.matches("[1-9][0-9]{0,17}") || dir.getParent() == null
                        || dir.getParent().getParent() == null) {
                    throw new IllegalArgumentException(dir + ": a registry version directory is ROOT/NAME/VERSION"
                            + " with a positive VERSION");
                }
                return new ModelRegistry(dir.getParent().getParent(), TrustedKeys.of(signer))
                        .sign(dir.getParent().getFileName().toString(), Long.parseLong(version), signer);
            }
            if (Files.isRegularFile(dir.resolve(MbrlBundle.METADATA_FILE))) {
                return MbrlBundle.sign(dir, signer);
            }
            if (Files.isRegularFile(dir.resolve(FactCorpus.FILE_NAME))) {
                return FactCorpus.sign(dir, signer);
            }
            throw new IllegalArgumentException(dir + ": none of a registry version (" + ModelRegistry.CHECKSUMS_FILE
                    + "), a policy bundle (" + MbrlBundle.METADATA_FILE + ") or the fact corpus ("
                    + FactCorpus.FILE_NAME + ")");
        }
    }
}

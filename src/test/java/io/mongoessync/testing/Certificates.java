package io.mongoessync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away CA and a server certificate for 127.0.0.1, made with openssl as an operator would:
 * {@code ca.crt}, {@code node.crt} and {@code node.key} in PEM.
 */
public final class Certificates {

    private Certificates() {}

    public static Path create(Path dir) {
        try {
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                    "-days", "2", "-subj", "/CN=mongo-es-sync test CA", "-addext", "basicConstraints=critical,CA:TRUE");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "node.key", "-out", "node.csr",
                    "-subj", "/CN=127.0.0.1");
            openssl(dir, "x509", "-req", "-in", "node.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "node.crt", "-days", "2", "-extfile", "san.ext");
            for (String file : List.of("ca.key", "node.csr", "ca.srl", "san.ext")) {
                Files.deleteIfExists(dir.resolve(file));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("openssl " + arguments[0] + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

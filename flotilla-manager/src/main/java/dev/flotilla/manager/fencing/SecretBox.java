package dev.flotilla.manager.fencing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals BMC passwords with AES-256-GCM. The key is a file in the manager's data directory (0600),
 * made on first use, so the database alone (a dump, a replica) does not give the BMCs away.
 * Sealed form: base64 of a 12-byte nonce followed by the ciphertext and tag.
 */
@Component
public class SecretBox {

    private static final int NONCE = 12;
    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private SecretKey key;

    SecretBox(@Value("${flotilla.data-dir}") Path dataDir) {
        this.keyFile = dataDir.resolve("power-management.key");
    }

    public String seal(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    public String open(String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return "";
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, NONCE));
            return new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot open a sealed secret: was " + keyFile + " replaced? Set the BMC password again", e);
        }
    }

    private synchronized SecretKey key() {
        if (key == null) {
            try {
                if (!Files.exists(keyFile)) {
                    byte[] fresh = new byte[32];
                    random.nextBytes(fresh);
                    Files.createDirectories(keyFile.getParent());
                    Files.write(keyFile, Base64.getEncoder().encode(fresh), StandardOpenOption.CREATE_NEW);
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                }
                key = new SecretKeySpec(Base64.getDecoder().decode(Files.readString(keyFile).trim()), "AES");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create the key file " + keyFile, e);
            }
        }
        return key;
    }
}

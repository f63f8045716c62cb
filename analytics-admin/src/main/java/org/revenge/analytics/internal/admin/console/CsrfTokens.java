package org.revenge.analytics.internal.admin.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens that the page's forms carry, so that another site cannot make an admin's browser post to
 * the console (the console's login is a browser-remembered Basic login, sent with any request). A
 * token is an HMAC of the logged-in user under a key made at start, so it needs no session and is
 * worthless to another user or after a restart.
 */
public final class CsrfTokens {

    private final byte[] key = new byte[32];

    public CsrfTokens() {
        new SecureRandom().nextBytes(key);
    }

    public String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(("revenge-analytics-console:" + (user == null ? "" : user)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    public boolean isValid(String user, String token) {
        if (token == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(user).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }
}

package org.revenge.analytics.internal.admin.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.revenge.analytics.internal.admin.params.Parameters;

/**
 * Maps a login to the host's user id. A configured {@code login=uuid} entry wins; otherwise a login
 * that is itself a UUID, written exactly as the host writes ids (lower case, with hyphens), is that
 * user (the host creates its logins under its users' ids), unless a {@code user.ids} entry maps
 * another login to that id: that user is then reached through that login only, so a login named
 * after their id cannot read their data. Any other login stands for no user, so it may be an admin
 * but has no {@code /me}.
 */
public final class UserIds {

    private final Map<String, UUID> byLogin;
    private final Set<UUID> mappedIds;

    private UserIds(Map<String, UUID> byLogin) {
        this.byLogin = Map.copyOf(byLogin);
        this.mappedIds = Set.copyOf(byLogin.values());
    }

    /**
     * @param field   the configuration attribute, named in the error
     * @param entries {@code login=uuid} entries
     * @throws org.revenge.analytics.spi.InvalidInputException if an entry is malformed or a login repeats
     */
    public static UserIds of(String field, String[] entries) {
        Map<String, UUID> byLogin = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new org.revenge.analytics.spi.InvalidInputException(field, "each entry must be login=uuid, was '" + entry + "'");
            }
            String login = entry.substring(0, equals).strip();
            UUID id = Parameters.uuid(field, entry.substring(equals + 1));
            if (byLogin.put(login, id) != null) {
                throw new org.revenge.analytics.spi.InvalidInputException(field, "login '" + login + "' is mapped twice");
            }
        }
        return new UserIds(byLogin);
    }

    /** @return the user id the login stands for */
    public Optional<UUID> userIdOf(String login) {
        UUID mapped = byLogin.get(login);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        try {
            UUID id = UUID.fromString(login);
            return id.toString().equals(login) && !mappedIds.contains(id) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package org.revenge.analytics.internal.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.revenge.analytics.internal.store.AnalyticsStore;
import org.revenge.analytics.internal.store.PlaybackMapper;
import org.revenge.analytics.internal.store.PlaybackMapper.ActiveUsersPart;
import org.revenge.analytics.spi.UserActivity;

/**
 * Reads the active users of a window ({@code getActiveUsers}) and keeps, per window, a copy of the
 * users of the active users job's count it last read.
 *
 * <p>A count's users never change once written: the job writes a new count, at a new moment, in
 * place of the old; the writer deletes a count that a late play makes stale; an erasure deletes the
 * counts that held the user. So a copy named by its window, margin and moment is the count for as
 * long as the database names that count, and a read fetches only the count's name and the users of
 * the window's two ends (a few hundred), and the count's users (thousands) once per count. The
 * answer is the database's, to the call: the copy only saves carrying the same rows again.
 *
 * <p>Memory: one copy per window the job counts (two), replaced at each count; a window the job
 * does not count is never copied.
 */
final class ActiveUsersReader {

    /** The order of the answer: the latest player first, then the user id as PostgreSQL orders a uuid. */
    static final Comparator<UserActivity> ORDER = Comparator.comparing(UserActivity::lastPlayedAt).reversed()
            .thenComparing(UserActivity::userId, ActiveUsersReader::compareAsPostgres);

    private final ConcurrentMap<Long, Count> counts = new ConcurrentHashMap<>();

    /** A count's users, as read with its name. */
    private record Count(int marginSec, Instant countedAt, List<UserActivity> users) {
    }

    /**
     * The users with a play started in [from, to), or playing now: see {@link PlaybackMapper#activeUsers}
     * for the arguments.
     */
    List<UserActivity> read(AnalyticsStore store, long windowSec, Instant from, Instant to, Instant freshSince,
            Instant coreUntil, Instant openSince) {
        Count known = counts.get(windowSec);
        List<ActiveUsersPart> parts = store.query("read the active users", PlaybackMapper.class, mapper -> mapper.activeUsers(
                windowSec, from, to, freshSince, coreUntil, openSince,
                known == null ? null : known.marginSec(), known == null ? null : known.countedAt()));
        ActiveUsersPart named = null;
        List<UserActivity> counted = new ArrayList<>();
        Map<UUID, ActiveUsersPart> ends = new HashMap<>();
        for (ActiveUsersPart part : parts) {
            switch (part.part()) {
                case ActiveUsersPart.COUNT -> named = part;
                case ActiveUsersPart.COUNTED -> counted.add(new UserActivity(part.userId(), part.lastPlayedAt(), part.plays(),
                        part.watchTimeSec(), false));
                case ActiveUsersPart.END -> ends.put(part.userId(), part);
                default -> throw new IllegalStateException("unknown part of the active users: " + part.part());
            }
        }
        Count count = null;
        if (named != null) {
            boolean same = known != null && known.marginSec() == named.marginSec() && known.countedAt().equals(named.countedAt());
            count = same ? known : new Count(named.marginSec(), named.countedAt(), List.copyOf(counted));
            counts.put(windowSec, count);
        } else {
            // no count (stale, erased, the job late) or not one this window has: hold no copy of it
            counts.remove(windowSec);
        }
        return merge(count == null ? List.of() : count.users(), ends);
    }

    /** The count's users with the ends' plays added, and the ends' users the count does not have, in {@link #ORDER}. */
    private static List<UserActivity> merge(List<UserActivity> counted, Map<UUID, ActiveUsersPart> ends) {
        List<UserActivity> users = new ArrayList<>(counted.size() + ends.size());
        Map<UUID, ActiveUsersPart> left = new HashMap<>(ends);
        for (UserActivity user : counted) {
            ActiveUsersPart end = left.remove(user.userId());
            users.add(end == null ? user : new UserActivity(user.userId(), latest(user.lastPlayedAt(), end.lastPlayedAt()),
                    user.plays() + end.plays(), user.watchTimeSec() + end.watchTimeSec(), end.playingNow()));
        }
        for (ActiveUsersPart end : left.values()) {
            users.add(new UserActivity(end.userId(), end.lastPlayedAt(), end.plays(), end.watchTimeSec(), end.playingNow()));
        }
        users.sort(ORDER);
        return List.copyOf(users);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** PostgreSQL orders uuids by their bytes, unsigned; {@link UUID#compareTo} compares signed halves. */
    static int compareAsPostgres(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}

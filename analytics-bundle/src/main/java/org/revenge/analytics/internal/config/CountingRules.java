package org.revenge.analytics.internal.config;

import java.time.Duration;

import org.revenge.analytics.spi.MediaType;

/**
 * What counts as a play, with defaults that users of Tautulli and Jellystat recognise.
 *
 * @param minVideoSec      seconds of watching below which a video is not a play
 * @param minAudioSec      seconds of listening below which audio is not a play
 * @param completedPercent share of the runtime the furthest position must reach for "completed"
 * @param resumeWindow     how long after an incomplete play a start of the same item continues it
 * @param idleTimeout      how long a silent session stays open
 */
public record CountingRules(int minVideoSec, int minAudioSec, int completedPercent, Duration resumeWindow,
        Duration idleTimeout) {

    /** The defaults: 60 s video, 15 s audio, 90 %, 1 h resume window, 30 min idle timeout. */
    public static final CountingRules DEFAULTS = new CountingRules(60, 15, 90, Duration.ofHours(1), Duration.ofMinutes(30));

    /**
     * @return the seconds a play of this type must last to count
     */
    public int minimumSec(MediaType type) {
        return type.isAudio() ? minAudioSec : minVideoSec;
    }

    /**
     * @return whether a play that reached {@code furthestSec} of {@code runtimeSec} is completed
     */
    public boolean completed(int furthestSec, int runtimeSec) {
        return runtimeSec > 0 && furthestSec * 100L >= (long) completedPercent * runtimeSec;
    }
}

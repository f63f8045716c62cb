package org.revenge.analytics.internal.demo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.revenge.analytics.spi.MediaTitle;
import org.revenge.analytics.spi.MediaType;

/**
 * The pretend media server's content and people: five libraries, one of each media type, with
 * titles and runtimes, and the users who play them with their favourite clients and tastes.
 * Everything is derived from fixed seeds and names, so ids stay the same from one start to the next.
 */
final class Catalogue {

    /** One item that can be played, and what the demo host calls it (through {@link DemoNames}). */
    record Item(UUID id, MediaTitle name, int runtimeSec) {

        /** @return how the demo's log names the item: {@code Salt and Stone S2E8}, {@code Mono Lake - Quiet River} */
        String title() {
            if (name.series() != null) {
                return name.series() + " S" + name.season() + "E" + name.episode();
            }
            return name.artist() != null ? name.artist() + " - " + name.title() : name.title();
        }
    }

    /**
     * A library and how it grows: {@code baseItems} on {@link #GROWTH_FROM}, plus {@code itemsPerDay}
     * every day since, each of about {@code bytesPerItem}.
     */
    record Library(UUID id, String name, MediaType type, long baseItems, int itemsPerDay, long bytesPerItem,
                   List<Item> items) {

        long itemsOn(LocalDate day) {
            return baseItems + itemsPerDay * Math.max(0, day.toEpochDay() - GROWTH_FROM.toEpochDay());
        }
    }

    /** A user, the clients they play on, and how much they play of each library (weights). */
    record Listener(UUID id, String name, List<String> clients, double sessionsPerDay, double[] taste) {
    }

    /** The day from which libraries are counted as growing; any fixed date will do. */
    static final LocalDate GROWTH_FROM = LocalDate.of(2025, 1, 1);

    private static final String[] NAMES = {"alice", "bruno", "chloe", "dmitri", "esther", "farid", "greta", "hiro",
        "ines", "jonas", "kemi", "lars"};
    private static final String[] CLIENTS = {"web", "android", "ios", "android-tv", "apple-tv", "desktop", "kodi"};
    private static final String[] ADJECTIVES = {"Silent", "Crimson", "Hidden", "Last", "Golden", "Broken", "Northern",
        "Electric", "Quiet", "Wandering", "Paper", "Midnight"};
    private static final String[] NOUNS = {"Harbour", "Orchard", "Signal", "Summer", "Engine", "Lantern", "River",
        "Archive", "Garden", "Frontier", "Comet", "Lighthouse"};
    private static final String[] SHOWS = {"Night Shift", "Salt and Stone", "The Long Table", "Orbit",
        "Small Town Detectives"};
    private static final String[] ARTISTS = {"The Paper Kites", "Mono Lake", "Ada Ray", "Northbound", "Velvet Hour"};
    private static final String[] ALBUMS = {"Low Tide", "Paper Comet", "Open Roads", "Static Bloom"};
    private static final int ITEMS_PER_LIBRARY = 40;

    private final List<Library> libraries;
    private final List<Listener> listeners;

    Catalogue(int users) {
        libraries = List.of(
                library(0, "Movies", MediaType.MOVIE, 640, 1, 6_000_000_000L, 80 * 60, 170 * 60),
                library(1, "TV Shows", MediaType.EPISODE, 4_200, 6, 1_200_000_000L, 22 * 60, 60 * 60),
                library(2, "Music", MediaType.TRACK, 18_000, 25, 9_000_000L, 2 * 60, 7 * 60),
                library(3, "Audiobooks", MediaType.AUDIOBOOK, 150, 0, 300_000_000L, 15 * 60, 75 * 60),
                library(4, "Home Videos", MediaType.OTHER, 300, 2, 400_000_000L, 60, 20 * 60));
        List<Listener> people = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            people.add(listener(i));
        }
        listeners = List.copyOf(people);
    }

    List<Library> libraries() {
        return libraries;
    }

    List<Listener> listeners() {
        return listeners;
    }

    /** Who plays what, from which library, on which client. */
    record Playback(Listener listener, Library library, Item item, String client) {
    }

    /** @return something the listener plays: a library by their taste, an item in it, one of their clients */
    Playback pick(Listener listener, Random random) {
        Library library = libraries.get(weighted(listener.taste(), random));
        Item item = library.items().get(random.nextInt(library.items().size()));
        return new Playback(listener, library, item, listener.clients().get(random.nextInt(listener.clients().size())));
    }

    /** @return an index into the weights, drawn in proportion to them */
    static int weighted(double[] weights, Random random) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double roll = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(("revenge-demo/" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static Library library(int index, String name, MediaType type, long baseItems, int itemsPerDay,
            long bytesPerItem, int shortestSec, int longestSec) {
        Random random = new Random(1_000L + index);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < ITEMS_PER_LIBRARY; i++) {
            MediaTitle title = title(type, i, random);
            int runtime = shortestSec + random.nextInt(longestSec - shortestSec + 1);
            items.add(new Item(id("item/" + name + "/" + i), title, runtime));
        }
        return new Library(id("library/" + name), name, type, baseItems, itemsPerDay, bytesPerItem, List.copyOf(items));
    }

    /** The item's title; draws from {@code random} exactly as before titles had parts, so ids and plays stay the same. */
    private static MediaTitle title(MediaType type, int index, Random random) {
        String words = pick(ADJECTIVES, random) + " " + pick(NOUNS, random);
        int year = 1985 + index * 7 % 40;
        switch (type) {
            case MOVIE:
                return MediaTitle.of("The " + words, year);
            case EPISODE:
                return MediaTitle.episode(SHOWS[index % SHOWS.length], 1 + index / 20, 1 + index / SHOWS.length % 10, words,
                        2015 + index / 20);
            case TRACK:
                return MediaTitle.track(pick(ARTISTS, random), ALBUMS[index % ALBUMS.length], words, year);
            case AUDIOBOOK:
                return MediaTitle.of("The " + words + ", chapter " + (1 + index % 12), year);
            default:
                return MediaTitle.of("Holiday " + (2015 + index % 10) + " #" + (1 + index), null);
        }
    }

    private static Listener listener(int index) {
        Random random = new Random(2_000L + index);
        String name = index < NAMES.length ? NAMES[index] : "guest" + (index + 1);
        String favourite = pick(CLIENTS, random);
        String other = pick(CLIENTS, random);
        List<String> clients = favourite.equals(other) ? List.of(favourite) : List.of(favourite, favourite, other);
        double[] taste = new double[5];
        for (int i = 0; i < taste.length; i++) {
            taste[i] = random.nextDouble() * random.nextDouble();
        }
        // everyone watches something: the strongest taste is one of the video libraries
        taste[random.nextInt(2)] += 0.6;
        double sessionsPerDay = 2 + random.nextInt(6);
        return new Listener(id("user/" + name), name, clients, sessionsPerDay, taste);
    }

    private static String pick(String[] words, Random random) {
        return words[random.nextInt(words.length)];
    }
}

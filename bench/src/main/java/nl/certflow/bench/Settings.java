package nl.certflow.bench;

import java.time.Duration;

/** How much of each figure to run: quick (CI: proves it runs), default (≤ 13 min per database kind), full. */
record Settings(
        String name,
        int customers,
        Duration warmUp,
        int repeats,
        Duration repeat,
        Duration pushRepeat,
        int scaleSmall,
        int scaleLarge,
        Duration scaleRepeat,
        int expiring,
        int sweepMost,
        Duration sweepWarmUp,
        Duration sweepWindow,
        int ceilingMost,
        Duration ceilingWarmUp,
        Duration ceilingWindow) {

    /** The saturation sweeps (customers over HTTP, drivers in-process) start at this many and double. */
    static final int SWEEP_FIRST = 4;

    static Settings of(String name) {
        return switch (name) {
            case "quick" ->
                new Settings(
                        name,
                        4,
                        Duration.ofSeconds(2),
                        1,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(2),
                        50,
                        200,
                        Duration.ofSeconds(3),
                        100,
                        8,
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(5),
                        8,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3));
            case "default" ->
                new Settings(
                        name,
                        8,
                        Duration.ofSeconds(10),
                        3,
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(10),
                        1_000,
                        100_000,
                        Duration.ofSeconds(10),
                        10_000,
                        512,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(10),
                        64,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(6));
            case "full" ->
                new Settings(
                        name,
                        8,
                        Duration.ofSeconds(10),
                        3,
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(10),
                        1_000,
                        1_000_000,
                        Duration.ofSeconds(10),
                        10_000,
                        512,
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(10),
                        64,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(6));
            default -> throw new IllegalArgumentException("unknown setting " + name);
        };
    }
}

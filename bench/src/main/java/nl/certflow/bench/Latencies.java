package nl.certflow.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.StreamSupport;

/** Latency samples in microseconds, by name (an API call, a push, ...). Thread-safe. */
final class Latencies {

    private final Map<String, ConcurrentLinkedQueue<Long>> samples = new ConcurrentHashMap<>();

    void record(String name, long micros) {
        samples.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>()).add(micros);
    }

    void clear() {
        samples.clear();
    }

    /** How many samples, of every name. */
    long count() {
        return samples.values().stream().mapToLong(ConcurrentLinkedQueue::size).sum();
    }

    /** All samples together, whatever their name. */
    Summary overall() {
        return Summary.of(samples.values().stream()
                .flatMapToLong(q -> q.stream().mapToLong(Long::longValue))
                .sorted()
                .toArray());
    }

    Map<String, Summary> summaries() {
        Map<String, Summary> result = new LinkedHashMap<>();
        samples.keySet().stream().sorted().forEach(name -> result.put(name, Summary.of(samples.get(name))));
        return result;
    }

    /** p50 / p99 / max in milliseconds over n samples. */
    record Summary(int n, double p50, double p99, double max) {

        static Summary of(Iterable<Long> micros) {
            long[] sorted = StreamSupport.stream(micros.spliterator(), false)
                    .mapToLong(Long::longValue)
                    .sorted()
                    .toArray();
            return of(sorted);
        }

        static Summary of(long[] sortedMicros) {
            if (sortedMicros.length == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Summary(
                    sortedMicros.length,
                    percentile(sortedMicros, 50),
                    percentile(sortedMicros, 99),
                    sortedMicros[sortedMicros.length - 1] / 1000.0);
        }

        static double percentile(long[] sorted, double p) {
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
        }

        /** The median of repeats' summaries, figure by figure. */
        static Summary median(List<Summary> repeats) {
            return new Summary(
                    repeats.stream().mapToInt(Summary::n).sum(),
                    Stats.median(repeats.stream().mapToDouble(Summary::p50).toArray()),
                    Stats.median(repeats.stream().mapToDouble(Summary::p99).toArray()),
                    Stats.median(repeats.stream().mapToDouble(Summary::max).toArray()));
        }
    }

    static final class Stats {

        private Stats() {}

        static double median(double[] values) {
            double[] sorted =
                    Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}

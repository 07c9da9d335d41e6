package nl.certflow.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.certflow.bench.Latencies.Summary;

/** The figures of one database kind. */
final class Figures {

    final String database;
    double startupFresh;
    double startupLarge;
    double lifecyclesPerSecond;
    int lifecycleFailures;
    final Map<String, Summary> calls = new LinkedHashMap<>();
    Summary pushToStatus;
    double ceilingPerSecond;
    Sweep.Result sweep;
    /** The in-process ceilings' steps, {drivers, lifecycles/s}: (a) certflow's model, (b) the minimal one. */
    final List<double[]> ceilingA = new ArrayList<>();

    final List<double[]> ceilingB = new ArrayList<>();
    Summary pushAck;
    int pushFailures;
    Summary scaleSmall;
    Summary scaleLarge;
    double expirySeconds;
    double expired;
    double bytesPerLifecycle;
    double permanentBytesPerLifecycle;
    double engineHistoryBytesPerLifecycle;
    double engineRuntimeBytesPerLifecycle;
    double cpuMsPerLifecycle;
    double webhookLifecyclesPerSecond;
    double webhookCpuMsPerLifecycle;
    double eventsPerLifecycle;
    Summary deliveryLag;
    double eventBytesPerLifecycle;
    long forgedDeliveries;
    int undeliveredBacklogs;

    Figures(String database) {
        this.database = database;
    }

    static double[] peak(List<double[]> steps) {
        return steps.stream().max((x, y) -> Double.compare(x[1], y[1])).orElse(new double[] {0, Double.NaN});
    }

    double peakOverCeilingA() {
        return sweep.peak().perSecond() / peak(ceilingA)[1];
    }

    double ceilingAOverB() {
        return peak(ceilingA)[1] / peak(ceilingB)[1];
    }

    double peakOverCeilingB() {
        return sweep.peak().perSecond() / peak(ceilingB)[1];
    }

    double ceilingRatio() {
        return lifecyclesPerSecond / ceilingPerSecond;
    }

    double scaleRatio() {
        return scaleLarge.p50() / scaleSmall.p50();
    }

    double timersPerSecond() {
        return expirySeconds == 0 ? Double.NaN : expired / expirySeconds;
    }
}

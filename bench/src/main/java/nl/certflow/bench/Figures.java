package nl.certflow.bench;

import java.util.LinkedHashMap;
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

package nl.certflow.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.springframework.stereotype.Component;

/**
 * History level {@code instances-and-incidents} (camunda.bpm.history-level): the engine keeps when each process
 * instance started and how it ended, its incidents, the operators' own actions (user operation log) and batches —
 * not every activity and variable. The order's business history is certflow's own (cf_order_history, shown to the
 * control panel); the engine's activity trail repeated it at about 25 KB per order, which at a million certificates
 * a year outgrows everything else in the database. Tests that assert the path taken run with {@code activity}.
 */
@Component
public class InstancesAndIncidentsHistory extends AbstractProcessEnginePlugin {

    public static final String NAME = "instances-and-incidents";

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryLevel> levels = new ArrayList<>();
        if (configuration.getCustomHistoryLevels() != null) {
            levels.addAll(configuration.getCustomHistoryLevels());
        }
        levels.add(new Level());
        configuration.setCustomHistoryLevels(levels);
    }

    private static final class Level implements HistoryLevel {

        private static final Set<HistoryEventType> PRODUCED = Set.of(
                HistoryEventTypes.PROCESS_INSTANCE_START,
                HistoryEventTypes.PROCESS_INSTANCE_UPDATE,
                HistoryEventTypes.PROCESS_INSTANCE_END,
                HistoryEventTypes.PROCESS_INSTANCE_MIGRATE,
                HistoryEventTypes.INCIDENT_CREATE,
                HistoryEventTypes.INCIDENT_RESOLVE,
                HistoryEventTypes.INCIDENT_DELETE,
                HistoryEventTypes.INCIDENT_MIGRATE,
                HistoryEventTypes.USER_OPERATION_LOG,
                HistoryEventTypes.BATCH_START,
                HistoryEventTypes.BATCH_END);

        @Override
        public int getId() {
            return 21; // stored in the database; not one of the engine's 0..3
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
            return PRODUCED.contains(eventType);
        }
    }
}

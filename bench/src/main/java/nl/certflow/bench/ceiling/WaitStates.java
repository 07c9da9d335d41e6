package nl.certflow.bench.ceiling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Tells a ceiling driver, once the transaction has committed, that its lifecycle reached a wait state (an event-based
 * gateway or an intermediate catch event started) or that a process of it ended. The driver blocks on its queue
 * instead of retrying a correlation: what it correlates next is waiting for it, whichever thread (its own or the
 * job executor's) got the process there.
 */
@Component
public class WaitStates extends AbstractProcessEnginePlugin {

    static final String END = "end:";

    private final Map<String, BlockingQueue<String>> byBusinessKey = new ConcurrentHashMap<>();

    /** The queue of what the lifecycle with this business key reached, from now on until {@link #forget}. */
    BlockingQueue<String> watch(String businessKey) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        byBusinessKey.put(businessKey, queue);
        return queue;
    }

    void forget(String businessKey) {
        byBusinessKey.remove(businessKey);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
                ? new ArrayList<>()
                : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
        ExecutionListener started = execution -> afterCommit(execution, execution.getCurrentActivityId());
        ExecutionListener ended = execution ->
                afterCommit(execution, END + execution.getProcessDefinitionId().split(":")[0]);
        listeners.add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element element, ProcessDefinitionEntity process) {
                process.addListener(ExecutionListener.EVENTNAME_END, ended);
            }

            @Override
            public void parseEventBasedGateway(Element element, ScopeImpl scope, ActivityImpl activity) {
                activity.addListener(ExecutionListener.EVENTNAME_START, started);
            }

            @Override
            public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
                activity.addListener(ExecutionListener.EVENTNAME_START, started);
            }
        });
        configuration.setCustomPostBPMNParseListeners(listeners);
    }

    private void afterCommit(DelegateExecution execution, String reached) {
        BlockingQueue<String> queue = byBusinessKey.get(execution.getProcessBusinessKey());
        if (queue != null) {
            Context.getCommandContext()
                    .getTransactionContext()
                    .addTransactionListener(TransactionState.COMMITTED, context -> queue.add(reached));
        }
    }
}

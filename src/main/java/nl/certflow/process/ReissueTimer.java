package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.NOT_AFTER;
import static nl.certflow.process.ProcessVariables.REISSUE_AT;

import java.util.Date;
import nl.certflow.order.TermSchedule;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * The date of the timer "Reissue due": {@code ${reissueTimer.dueAt(execution)}}, the variable {@code reissueAt} that
 * "Plan next reissue" set. An order migrated from a model without that step (released before issue 13) waits in the
 * Actief stage without the variable: it has no term, so its timer is set a hundred years after its certificate's end
 * (in effect never) and the expiry comes first.
 */
@Component("reissueTimer")
public class ReissueTimer {

    public Date dueAt(VariableScope execution) {
        if (execution.getVariable(REISSUE_AT) instanceof Date reissueAt) {
            return reissueAt;
        }
        Date end = execution.getVariable(NOT_AFTER) instanceof Date notAfter ? notAfter : ClockUtil.getCurrentTime();
        return Date.from(TermSchedule.never(end.toInstant()));
    }
}

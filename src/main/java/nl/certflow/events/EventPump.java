package nl.certflow.events;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The background thread behind the feed and the webhooks: every {@code certflow.events.poll-interval} it numbers
 * the events committed since (EventSequencer) and hands endpoints with events to deliver to the webhook delivery.
 */
@Component
class EventPump implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(EventPump.class);

    private final EventSequencer sequencer;
    private final WebhookDelivery delivery;
    private final Duration interval;
    private volatile Thread worker;

    EventPump(
            EventSequencer sequencer,
            WebhookDelivery delivery,
            @Value("${certflow.events.poll-interval:PT0.5S}") Duration interval) {
        this.sequencer = sequencer;
        this.delivery = delivery;
        this.interval = interval;
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::pumpUntilStopped, "event-pump");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delivery.stop();
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    private void pumpUntilStopped() {
        while (worker == Thread.currentThread()) {
            try {
                sequencer.sequenceCommitted();
                delivery.dispatchDue();
            } catch (RuntimeException e) {
                LOG.warn("Numbering or dispatching events failed; trying again in {}", interval, e);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}

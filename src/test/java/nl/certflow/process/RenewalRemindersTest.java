package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

/** The reminder days: which is next, which is due (one, also after a delay), none once renewed or past the end. */
@DatabaseIndependent
class RenewalRemindersTest {

    private static final Instant END = Instant.parse("2027-01-01T00:00:00Z");
    private final RenewalReminders reminders = new RenewalReminders(List.of(7, 30, 14, 30));

    @Test
    void theDaysAreDistinctLargestFirst() {
        assertThat(reminders.days()).containsExactly(30, 14, 7);
    }

    @Test
    void nextIsTheEarliestReminderDayAfterNow() {
        assertThat(reminders.next(END, false, Instant.parse("2026-10-01T00:00:00Z")))
                .contains(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(reminders.next(END, false, Instant.parse("2026-12-02T00:00:00Z")))
                .as("the day itself has come: the next one")
                .contains(Instant.parse("2026-12-18T00:00:00Z"));
        assertThat(reminders.next(END, false, Instant.parse("2026-12-26T00:00:00Z")))
                .isEmpty();
        assertThat(reminders.next(END, true, Instant.parse("2026-10-01T00:00:00Z")))
                .as("renewed")
                .isEmpty();
    }

    @Test
    void dueIsTheLatestDayThatHasComeWithTheDaysLeftRoundedUp() {
        assertThat(reminders.due(END, false, Instant.parse("2026-12-01T23:59:59Z")))
                .isEmpty();
        assertThat(reminders.due(END, false, Instant.parse("2026-12-02T00:00:05Z")))
                .hasValueSatisfying(reminder -> {
                    assertThat(reminder.days()).isEqualTo(30);
                    assertThat(reminder.daysLeft()).isEqualTo(30);
                });
        assertThat(reminders.due(END, false, Instant.parse("2026-12-27T12:00:00Z")))
                .as("the job ran late, after the 7-day mark: one reminder, the real days left")
                .hasValueSatisfying(reminder -> {
                    assertThat(reminder.days()).isEqualTo(7);
                    assertThat(reminder.text()).startsWith("Renewal reminder: the certificate expires in 5 days");
                });
        assertThat(reminders.due(END, false, Instant.parse("2026-12-31T12:00:00Z")))
                .hasValueSatisfying(reminder -> assertThat(reminder.text()).contains("in 1 day ("));
        assertThat(reminders.due(END, false, END)).as("ended").isEmpty();
        assertThat(reminders.due(END, true, Instant.parse("2026-12-02T00:00:05Z")))
                .as("renewed")
                .isEmpty();
    }

    @Test
    void daysOutsideOneToTenYearsAreAConfigurationError() {
        assertThatThrownBy(() -> new RenewalReminders(List.of(30, 0)))
                .hasMessageContaining("certflow.orders.reminder-days");
        assertThatThrownBy(() -> new RenewalReminders(Arrays.asList(30, null)))
                .hasMessageContaining("certflow.orders.reminder-days");
    }
}

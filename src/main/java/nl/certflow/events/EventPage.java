package nl.certflow.events;

import java.util.List;

/** A page of the feed; {@code next} is the {@code after} that resumes where this page ended. */
public record EventPage(List<Event> items, long next) {}

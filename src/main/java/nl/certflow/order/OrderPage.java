package nl.certflow.order;

import java.util.List;

/** One page of a caller's orders, newest first. */
public record OrderPage(List<Order> items, int page, int size, long total) {}

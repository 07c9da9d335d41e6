package nl.certflow.order;

/** Who calls the API: a customer sees only its own orders, an operator sees all. */
public record Caller(String name, boolean operator) {

    public boolean maySee(Order order) {
        return maySeeOrderOf(order.owner());
    }

    public boolean maySeeOrderOf(String owner) {
        return operator || owner.equals(name);
    }

    /** The owner filter for listings: null (all) for operators. */
    public String ownerFilter() {
        return operator ? null : name;
    }
}

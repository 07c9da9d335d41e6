package nl.certflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Order bodies as the control panel sends them, with real CSRs. */
public final class TestOrders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestOrders() {}

    public static ObjectNode dv(String commonName) {
        ObjectNode order = JSON.createObjectNode();
        order.put("validation", "DV");
        order.put("commonName", commonName);
        order.putArray("subjectAlternativeNames");
        order.put("csr", TestCsrs.ec(commonName));
        order.put("validityDays", 90);
        ObjectNode requester = order.putObject("requester");
        requester.put("name", "Jan de Vries");
        requester.put("email", "jan@example.nl");
        requester.put("phone", "+31 20 123 4567");
        return order;
    }

    /** An OV order for a .nl name and a Dutch company: prevalidated at (the offline) KvK. */
    public static ObjectNode ovDutch(String commonName, String companyName, String kvkNumber) {
        ObjectNode order = dv(commonName);
        order.put("validation", "OV");
        order.set("company", company(companyName, kvkNumber));
        return order;
    }

    public static ObjectNode company(String name, String kvkNumber) {
        ObjectNode company = JSON.createObjectNode();
        company.put("name", name);
        company.put("kvkNumber", kvkNumber);
        company.put("country", "NL");
        company.put("street", "Hizzaarderlaan 3 A");
        company.put("postalCode", "8823 SJ");
        company.put("city", "Lollum");
        return company;
    }
}

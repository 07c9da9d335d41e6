package nl.certflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.certflow.bench.ceiling.CeilingApplication;
import nl.certflow.bench.ceiling.CeilingRun;
import nl.certflow.bench.ceiling.Seeder;
import nl.certflow.bench.ceiling.WaitStates;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code run} measures (see bench/run.sh); {@code ceiling} and {@code seed} are the in-process engine, started by
 * {@code run} as child JVMs with the node's heap.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "run" -> run(args);
            case "ceiling" -> ceiling(args);
            case "seed" -> seed(args);
            default -> throw new IllegalArgumentException("usage: run|ceiling|seed ...");
        }
    }

    /** run <setting> <h2|postgres|both> <repo> <work dir> <csr file> <results dir> */
    private static void run(String[] args) throws Exception {
        Settings settings = Settings.of(args[1]);
        Path repo = Path.of(args[3]).toAbsolutePath();
        Path work = Path.of(args[4]).toAbsolutePath();
        String csr = Files.readString(Path.of(args[5]));
        Path results = Path.of(args[6]);
        List<String> kinds = args[2].equals("both") ? List.of("h2", "postgres") : List.of(args[2]);
        List<Figures> all = new ArrayList<>();
        for (String kind : kinds) {
            all.add(new Bench(settings, repo, work.resolve(kind), csr, kind).run());
        }
        // The quick setting only proves the benchmark still runs: its figures stay in the scratch directory.
        boolean keep = !settings.name().equals("quick");
        new Report(settings, all)
                .write(
                        keep ? results : work,
                        keep ? repo.resolve("docs/benchmark-latency.png") : work.resolve("benchmark-latency.png"),
                        keep ? repo.resolve("docs/benchmark-capacity.png") : work.resolve("benchmark-capacity.png"));
    }

    /**
     * ceiling <repo> <url> <user> <password> <first drivers> <most drivers> <warm-up s> <window s>: for model (a) and
     * then (b), rising drivers (doubling) until the rate rises by no more than 5 %; prints
     * "CEILING a:drivers:rate ... b:drivers:rate ...".
     */
    private static void ceiling(String[] args) throws Exception {
        Database database = new Database("child", args[2], args[3], args[4], null);
        try (ConfigurableApplicationContext context = CeilingApplication.start(Path.of(args[1]), database, true)) {
            context.getBean(RepositoryService.class)
                    .createDeployment()
                    .name("bench-minimal-lifecycle")
                    .addClasspathResource("ceiling/MinimalLifecycle.bpmn")
                    .enableDuplicateFiltering(true)
                    .deploy();
            CeilingRun ceiling =
                    new CeilingRun(context.getBean(RuntimeService.class), context.getBean(WaitStates.class));
            int first = Integer.parseInt(args[5]);
            int most = Integer.parseInt(args[6]);
            Duration warmUp = Duration.ofSeconds(Long.parseLong(args[7]));
            Duration window = Duration.ofSeconds(Long.parseLong(args[8]));
            StringBuilder line = new StringBuilder("CEILING");
            for (CeilingRun.Model model : List.of(CeilingRun.CERTFLOW, CeilingRun.MINIMAL)) {
                double previous = 0;
                for (int drivers = first; drivers <= most; drivers *= 2) {
                    double rate = ceiling.run(model, drivers, warmUp, window);
                    System.out.printf(
                            Locale.ROOT,
                            "ceiling (%s) with %d drivers: %.2f lifecycles/s%n",
                            model.name(),
                            drivers,
                            rate);
                    line.append(String.format(Locale.ROOT, " %s:%d:%.3f", model.name(), drivers, rate));
                    if (previous > 0 && rate <= previous * Sweep.RISE) {
                        break;
                    }
                    previous = rate;
                }
            }
            System.out.println(line);
        }
    }

    /** seed <repo> <url> <user> <password> <count> <notAfter ISO> <owner> <csr file> */
    private static void seed(String[] args) throws Exception {
        Database database = new Database("child", args[2], args[3], args[4], null);
        try (ConfigurableApplicationContext context = CeilingApplication.start(Path.of(args[1]), database, false)) {
            new Seeder(
                            context.getBean(RuntimeService.class),
                            context.getBean(JdbcTemplate.class),
                            context.getBean(TransactionTemplate.class))
                    .seed(
                            Integer.parseInt(args[5]),
                            Instant.parse(args[6]),
                            args[7],
                            Files.readString(Path.of(args[8])),
                            2);
        }
    }
}

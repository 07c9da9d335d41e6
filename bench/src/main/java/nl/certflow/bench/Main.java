package nl.certflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.bench.ceiling.CeilingApplication;
import nl.certflow.bench.ceiling.CeilingRun;
import nl.certflow.bench.ceiling.Seeder;
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
                        keep ? repo.resolve("docs/benchmark-latency.png") : work.resolve("benchmark-latency.png"));
    }

    /** ceiling <repo> <url> <user> <password> <drivers> <warm-up s> <repeats> <repeat s>: prints "CEILING r1 r2 ..." */
    private static void ceiling(String[] args) throws Exception {
        Database database = new Database("child", args[2], args[3], args[4], null);
        try (ConfigurableApplicationContext context = CeilingApplication.start(Path.of(args[1]), database, true)) {
            CeilingRun ceiling = new CeilingRun(context.getBean(RuntimeService.class));
            int drivers = Integer.parseInt(args[5]);
            ceiling.run(drivers, Duration.ofSeconds(Long.parseLong(args[6])));
            StringBuilder line = new StringBuilder("CEILING");
            for (int r = 0; r < Integer.parseInt(args[7]); r++) {
                line.append(' ').append(ceiling.run(drivers, Duration.ofSeconds(Long.parseLong(args[8]))));
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

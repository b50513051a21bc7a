// Quartz oracle for the differential test of the Cron module (Tests/CronTests/QuartzDifferentialTests.swift); also usable by hand.
//
// Reads lines EXPR<TAB>TIMEZONE<TAB>START_EPOCH_MILLIS<TAB>N from standard input and prints one
// line per input line:
//   OK<TAB>m1,m2,...   the next N fire times (epoch millis) from Quartz 2.3.2's
//                      CronExpression.getNextValidTimeAfter, each after the previous one;
//                      fewer when Quartz returns null
//   INVALID            Quartz's parser rejects the expression
//   ERROR<TAB>text     Quartz threw at run time
//   TIMEOUT            Quartz did not answer within 2 seconds (it loops forever on some L-nW forms)
//
// Compile: javac -cp /usr/share/java/quartz2.jar -d OUT QuartzOracle.java
// Run:     java -cp /usr/share/java/quartz2.jar:OUT QuartzOracle < cases.tsv
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Date;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.quartz.CronExpression;

public final class QuartzOracle {
    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String evaluate(String expr, String zone, long start, int count) {
        CronExpression cron;
        try {
            cron = new CronExpression(expr);
        } catch (ParseException e) {
            return "INVALID";
        } catch (RuntimeException e) {
            return "INVALID";
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        StringBuilder out = new StringBuilder("OK\t");
        Date cursor = new Date(start);
        for (int i = 0; i < count; i++) {
            Date next = cron.getNextValidTimeAfter(cursor);
            if (next == null) {
                break;
            }
            if (i > 0) {
                out.append(',');
            }
            out.append(next.getTime());
            cursor = next;
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        ExecutorService executor = newExecutor();
        String line;
        while ((line = in.readLine()) != null) {
            String[] fields = line.split("\t", -1);
            if (fields.length != 4) {
                out.println("ERROR\tmalformed line");
                continue;
            }
            final String expr = fields[0];
            final String zone = fields[1];
            final long start = Long.parseLong(fields[2]);
            final int count = Integer.parseInt(fields[3]);
            Future<String> result = executor.submit(() -> evaluate(expr, zone, start, count));
            try {
                out.println(result.get(2, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                result.cancel(true);
                executor.shutdownNow();
                executor = newExecutor();
                out.println("TIMEOUT");
            } catch (java.util.concurrent.ExecutionException e) {
                String text = String.valueOf(e.getCause()).replace('\t', ' ').replace('\n', ' ');
                out.println("ERROR\t" + text);
            }
        }
        out.flush();
        System.exit(0);
    }
}

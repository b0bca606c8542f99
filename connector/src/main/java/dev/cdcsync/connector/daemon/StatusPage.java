package dev.cdcsync.connector.daemon;

import java.util.List;
import java.util.Locale;

/**
 * The status page at {@code /}: plain HTML with no script and no external asset, reloading itself every 5 s. Each
 * pipeline: state, lag, checkpoint, source position and retained log, last error, and per table the changes applied
 * and the snapshot's progress. Every value is escaped (table names come from the source).
 */
final class StatusPage {

    private StatusPage() {
    }

    static String render(List<PipelineStatus> pipelines) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>cdc-sync</title>
                <style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0 1.5em}
                td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}th{background:#eee}
                td:first-child{text-align:left}.state{font-weight:bold}.failed{color:#b00}.streaming{color:#070}
                .error{color:#b00;white-space:pre-wrap}</style></head><body>
                <h1>cdc-sync</h1>
                """);
        for (PipelineStatus p : pipelines) {
            pipeline(html, p);
        }
        return html.append("</body></html>\n").toString();
    }

    private static void pipeline(StringBuilder html, PipelineStatus p) {
        html.append("<section class=\"pipeline\" id=\"pipeline-").append(esc(p.name())).append("\">")
                .append("<h2>").append(esc(p.name())).append(" <span class=\"state ").append(esc(p.state())).append("\">")
                .append(esc(p.state())).append("</span></h2>\n<dl>")
                .append(item("source", p.source())).append(item("target", p.target()))
                .append(item("lag", p.lagSeconds() == null ? "-" : String.format(Locale.ROOT, "%.3f s", p.lagSeconds())))
                .append(item("checkpoint", p.checkpoint())).append(item("source position", p.sourcePosition()))
                .append(item("source log behind", bytes(p.behindBytes())))
                .append(item("source log retained", bytes(p.retainedBytes()))).append("</dl>\n");
        if (p.lastError() != null) {
            html.append("<p class=\"error\">last error: ").append(esc(p.lastError())).append("</p>\n");
        }
        html.append("<table><tr><th>table</th><th>inserts</th><th>updates</th><th>deletes</th><th>truncates</th>"
                + "<th>snapshot rows</th><th>snapshot</th><th>lag</th></tr>\n");
        for (PipelineStatus.TableStatus t : p.tables()) {
            html.append("<tr><td>").append(esc(t.table())).append("</td>").append(cell(t.inserts())).append(cell(t.updates()))
                    .append(cell(t.deletes())).append(cell(t.truncates())).append(cell(t.snapshotRows()))
                    .append("<td>").append(progress(t)).append("</td><td>").append(t.lagSeconds() == null ? "-"
                            : String.format(Locale.ROOT, "%.3f s", t.lagSeconds())).append("</td></tr>\n");
        }
        html.append("</table></section>\n");
    }

    private static String progress(PipelineStatus.TableStatus t) {
        if (t.snapshotEstimate() == null || t.snapshotEstimate() <= 0) {
            return t.snapshotRows() > 0 ? "rows read" : "-";
        }
        return String.format(Locale.ROOT, "%d%% of ~%d", Math.min(100, 100 * t.snapshotRows() / t.snapshotEstimate()),
                t.snapshotEstimate());
    }

    private static String item(String label, String value) {
        return "<dt>" + label + "</dt><dd>" + esc(value == null ? "-" : value) + "</dd>";
    }

    private static String cell(long n) {
        return "<td>" + n + "</td>";
    }

    private static String bytes(Long n) {
        if (n == null) {
            return "-";
        }
        return n < 1024 * 1024 ? n + " B" : String.format(Locale.ROOT, "%.1f MiB", n / 1024.0 / 1024.0);
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

using System.Globalization;
using System.Text;

namespace P4Orleans.Recovery.Reports;

/// <summary>
/// A report as CSV (RFC 4180, comma-separated, CRLF): one figure a line, <c>section,key,measure,value</c>, in the
/// order of the JSON document. Keys are the platform's own names (statuses, arrondissement and office ids, acts),
/// quoted when they need it.
/// </summary>
public static class OnssReportCsv
{
    /// <summary>The CSV text of <paramref name="report"/>.</summary>
    public static string Render(OnssReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        void Line(string section, string key, string measure, string value) =>
            csv.Append(Quote(section)).Append(',').Append(Quote(key)).Append(',').Append(Quote(measure)).Append(',').Append(Quote(value)).Append("\r\n");
        void Number(string section, string key, string measure, long value) => Line(section, key, measure, value.ToString(CultureInfo.InvariantCulture));
        void Delay(string key, DelayFigures d)
        {
            Number("delays", key, "count", d.Count);
            Line("delays", key, "medianDays", Days(d.MedianDays));
            Line("delays", key, "p90Days", Days(d.P90Days));
        }

        Line("section", "key", "measure", "value");
        Line("period", report.Period, "from", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Line("period", report.Period, "to", report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Line("period", report.Period, "closed", report.Closed ? "true" : "false");
        Line("period", report.Period, "generatedAt", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        Number("titles", "", "received", report.Titles.Received);
        Number("titles", "", "accepted", report.Titles.Accepted);
        Number("titles", "", "rejected", report.Titles.Rejected);
        foreach (var (section, counts) in new[] { ("status", report.ByStatus), ("arrondissement", report.ByArrondissement), ("office", report.ByOffice) })
        {
            foreach (var c in counts)
            {
                Number(section, c.Key, "dossiers", c.Count);
            }
        }

        Number("amounts", "", "claimedCents", report.Amounts.ClaimedCents);
        Number("amounts", "", "recoveredCents", report.Amounts.RecoveredCents);
        Number("amounts", "", "outstandingCents", report.Amounts.OutstandingCents);
        foreach (var c in report.CostsByAct)
        {
            Number("costs", c.Act, "count", c.Count);
            Number("costs", c.Act, "totalCents", c.TotalCents);
        }

        Delay("service", report.ServiceDelay);
        Delay("execution", report.ExecutionDelay);
        Number("oppositions", "", "filed", report.Oppositions.Filed);
        foreach (var j in report.Oppositions.Judgments)
        {
            Number("judgments", j.Key, "count", j.Count);
        }

        Number("outcomes", "", "irrecoverable", report.Irrecoverable);
        Number("outcomes", "", "purged", report.Purged);
        return csv.ToString();
    }

    private static string Days(double? days) => days?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    // A field starting with = + - @ is prefixed with ' so that a spreadsheet never reads it as a formula.
    private static string Quote(string field)
    {
        if (field.Length > 0 && "=+-@".Contains(field[0], StringComparison.Ordinal))
        {
            field = "'" + field;
        }

        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}

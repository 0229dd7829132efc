using System.Globalization;
using System.Text.RegularExpressions;

namespace P4Orleans.Api.Tests.Telemetry;

/// <summary>A Prometheus text exposition read back: each sample's series name, labels and value.</summary>
public sealed partial class Scrape(string text)
{
    public string Text { get; } = text;

    public IEnumerable<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples()
    {
        foreach (var line in Text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var m = SampleLine().Match(line);
            if (!m.Success)
            {
                continue;
            }
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in Label().Matches(m.Groups["labels"].Value))
            {
                labels[l.Groups["k"].Value] = l.Groups["v"].Value;
            }
            var value = m.Groups["value"].Value;
            yield return (m.Groups["name"].Value, labels, value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, CultureInfo.InvariantCulture),
            });
        }
    }

    /// <summary>The sum of a series' samples whose labels include <paramref name="match"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] match) =>
        Samples().Where(s => s.Name == name && match.All(x => s.Labels.TryGetValue(x.Key, out var v) && v == x.Value)).Sum(s => s.Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?\s*$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<v>(\\.|[^""\\])*)""")]
    private static partial Regex Label();
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace P4Orleans.Bench.Harness;

/// <summary>Prints the results as aligned tables and writes them, with the machine's description, as JSON.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Table(BenchmarkResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{result.Name}: {result.Description}");
        var columns = result.Rows.SelectMany(r => r.Metrics.Select(m => m.Name)).Distinct().ToList();
        var cells = result.Rows
            .Select(r => columns.Select(c => r.Metrics.FirstOrDefault(m => m.Name == c)?.Display ?? "").ToList())
            .ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(row => row[i].Length))).ToList();
        text.AppendLine("  " + string.Join("  ", columns.Select((c, i) => c.PadLeft(widths[i]))));
        foreach (var row in cells)
        {
            text.AppendLine("  " + string.Join("  ", row.Select((v, i) => v.PadLeft(widths[i]))));
        }
        foreach (var target in result.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  target {(target.Met ? "met" : "MISSED")}: {target.Description}");
        }
        foreach (var check in result.Checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  check {(check.Passed ? "ok" : "FAILED")}: {check.Description}");
        }
        return text.ToString();
    }

    public static async Task<Dictionary<string, string>> MachineAsync()
    {
        return new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["cpu"] = CpuModel(),
            ["memory_gb"] = (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024)).ToString("F1", CultureInfo.InvariantCulture),
            ["os"] = RuntimeInformation.OSDescription,
            ["arch"] = RuntimeInformation.OSArchitecture.ToString(),
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["load_average"] = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "",
            ["git_commit"] = await GitCommitAsync(),
        };
    }

    public static async Task<(string Stamped, string Latest)> WriteJsonAsync(string directory, DateTimeOffset started, BenchOptions options,
        IReadOnlyDictionary<string, string> machine, IReadOnlyDictionary<string, string> database, IEnumerable<BenchmarkResult> results)
    {
        var document = new JsonObject
        {
            ["started_at"] = started.ToString("O", CultureInfo.InvariantCulture),
            ["finished_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["quick"] = options.Quick,
            ["machine"] = ToJson(machine),
            ["postgres"] = ToJson(database),
            ["benchmarks"] = new JsonArray(results.Select(ToJson).ToArray<JsonNode?>()),
        };
        Directory.CreateDirectory(directory);
        var json = document.ToJsonString(Indented) + "\n";
        var stamped = Path.Combine(directory, started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".json");
        var latest = Path.Combine(directory, "latest.json");
        await File.WriteAllTextAsync(stamped, json);
        await File.WriteAllTextAsync(latest, json);
        return (stamped, latest);
    }

    private static JsonObject ToJson(BenchmarkResult result) => new()
    {
        ["name"] = result.Name,
        ["description"] = result.Description,
        ["passed"] = result.Passed,
        ["rows"] = new JsonArray(result.Rows.Select(row =>
        {
            var o = new JsonObject();
            foreach (var m in row.Metrics)
            {
                o[m.Name] = m.Number is { } n ? (double.IsFinite(n) ? JsonValue.Create(Math.Round(n, 3)) : null) : JsonValue.Create(m.Text);
            }
            return (JsonNode?)o;
        }).ToArray()),
        ["targets"] = new JsonArray(result.Targets.Select(t => (JsonNode?)new JsonObject { ["target"] = t.Description, ["met"] = t.Met }).ToArray()),
        ["checks"] = new JsonArray(result.Checks.Select(c => (JsonNode?)new JsonObject { ["check"] = c.Description, ["passed"] = c.Passed }).ToArray()),
        ["notes"] = new JsonArray(result.Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
    };

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> values)
    {
        var o = new JsonObject();
        foreach (var (key, value) in values)
        {
            o[key] = value;
        }
        return o;
    }

    private static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "";
        }
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static async Task<string> GitCommitAsync()
    {
        try
        {
            var psi = new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(psi);
            if (git is null)
            {
                return "";
            }
            var output = await git.StandardOutput.ReadToEndAsync();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 ? output.Trim() : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}

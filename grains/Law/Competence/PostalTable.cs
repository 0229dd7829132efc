using System.Globalization;

namespace P4Orleans.Law;

/// <summary>One row of the postal table.</summary>
/// <param name="From">First postal code (inclusive).</param>
/// <param name="To">Last postal code (inclusive).</param>
/// <param name="ArrondissementId">Arrondissement id, or <see cref="PostalTable.Manual"/>.</param>
/// <param name="Note">Free text (municipality, reason).</param>
public sealed record PostalRange(int From, int To, string ArrondissementId, string? Note)
{
    /// <summary>Number of codes in the range.</summary>
    public int Width => To - From + 1;

    /// <summary>True when <paramref name="code"/> lies in the range.</summary>
    public bool Contains(int code) => code >= From && code <= To;
}

/// <summary>
/// Postal code → judicial arrondissement, read from a CSV (from,to,arrondissement,note). The narrowest
/// range containing a code wins; ranges may nest but not partly overlap.
/// </summary>
public sealed class PostalTable
{
    /// <summary>Arrondissement value marking codes that need a manual decision.</summary>
    public const string Manual = "manual";

    /// <summary>Logical name of the embedded CSV.</summary>
    public const string ResourceName = "P4Orleans.Law.Data.postal-arrondissements.csv";

    private static readonly Lazy<PostalTable> EmbeddedTable = new(LoadEmbedded);
    private readonly PostalRange[] ranges;

    private PostalTable(PostalRange[] ranges, string source)
    {
        this.ranges = ranges;
        Source = source;
    }

    /// <summary>Where the table came from (resource name or file path).</summary>
    public string Source { get; }

    /// <summary>The rows, in file order.</summary>
    public IReadOnlyList<PostalRange> Ranges => ranges;

    /// <summary>The table embedded in the assembly.</summary>
    public static PostalTable Embedded => EmbeddedTable.Value;

    /// <summary>The file at <see cref="LawOptions.PostalTablePath"/> when given, else the embedded table.</summary>
    public static PostalTable FromOptions(LawOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.PostalTablePath) ? Embedded : LoadFile(options.PostalTablePath);
    }

    /// <summary>Reads a table from a CSV file.</summary>
    public static PostalTable LoadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses a table; throws <see cref="FormatException"/> naming the line at fault.</summary>
    public static PostalTable Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<PostalRange>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#') || text.StartsWith("from,", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            rows.Add(ParseRow(text, source, lineNumber));
        }

        CheckOverlaps(rows, source);
        return new PostalTable([.. rows], source);
    }

    /// <summary>The narrowest range containing <paramref name="code"/>, or null when none does.</summary>
    public PostalRange? Find(int code)
    {
        PostalRange? best = null;
        foreach (var range in ranges)
        {
            if (range.Contains(code) && (best is null || range.Width < best.Width))
            {
                best = range;
            }
        }

        return best;
    }

    private static PostalRange ParseRow(string text, string source, int lineNumber)
    {
        var cells = text.Split(',', 4);
        if (cells.Length < 3
            || !int.TryParse(cells[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(cells[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || from > to || to > 9999)
        {
            throw new FormatException($"{source} line {lineNumber}: expected 'from,to,arrondissement[,note]' with from <= to <= 9999.");
        }

        var id = cells[2].Trim();
        if (!id.Equals(Manual, StringComparison.OrdinalIgnoreCase) && Arrondissements.Find(id) is null)
        {
            throw new FormatException($"{source} line {lineNumber}: unknown arrondissement '{id}'.");
        }

        var note = cells.Length > 3 && cells[3].Trim().Length > 0 ? cells[3].Trim() : null;
        return new PostalRange(from, to, id.ToLowerInvariant(), note);
    }

    private static void CheckOverlaps(List<PostalRange> rows, string source)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            for (var j = i + 1; j < rows.Count; j++)
            {
                var (a, b) = (rows[i], rows[j]);
                var overlap = a.From <= b.To && b.From <= a.To;
                var nested = (a.From <= b.From && b.To <= a.To) || (b.From <= a.From && a.To <= b.To);
                if (overlap && (!nested || a.Width == b.Width))
                {
                    throw new FormatException($"{source}: ranges {a.From}-{a.To} and {b.From}-{b.To} overlap without one strictly inside the other.");
                }
            }
        }
    }

    private static PostalTable LoadEmbedded()
    {
        using var stream = typeof(PostalTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader, ResourceName);
    }
}

namespace P4Orleans.Law;

/// <summary>
/// The ISO 3166-1 alpha-2 country codes, read once from the embedded data file <c>Data/iso3166-alpha2.txt</c>
/// (a change of the standard is a change of that file, not of code). Two letters alone are not enough: <c>ZZ</c>
/// or <c>UK</c> (reserved, not assigned: Great Britain is <c>GB</c>) would fall silently into the art. 55 "rest
/// of the world" group and lengthen a deadline.
/// </summary>
public static class IsoCountries
{
    private static readonly Lazy<HashSet<string>> Codes = new(Load);

    /// <summary>Every code accepted, upper case.</summary>
    public static IReadOnlyCollection<string> All => Codes.Value;

    /// <summary>True when <paramref name="code"/> (any case, no spaces) is an assigned ISO 3166-1 alpha-2 code.</summary>
    public static bool IsAssigned(string? code) =>
        code is { Length: 2 } && char.IsAsciiLetter(code[0]) && char.IsAsciiLetter(code[1]) && Codes.Value.Contains(code.ToUpperInvariant());

    private static HashSet<string> Load()
    {
        using var stream = typeof(IsoCountries).Assembly.GetManifestResourceStream("P4Orleans.Law.Data.iso3166-alpha2.txt")
            ?? throw new InvalidOperationException("The ISO 3166 country list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            foreach (var code in line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                codes.Add(code);
            }
        }

        return codes;
    }
}

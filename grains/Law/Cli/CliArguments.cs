using System.Globalization;

namespace P4Orleans.Law;

/// <summary>Bad usage of the command line (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Arguments as positional values, <c>--name value</c> options and <c>--flag</c> switches.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> flags = new(StringComparer.OrdinalIgnoreCase);

    private CliArguments()
    {
    }

    public List<string> Positional { get; } = [];

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> knownOptions, IReadOnlySet<string> knownFlags)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }

            if (knownFlags.Contains(name) && inline is null)
            {
                parsed.flags.Add(name);
                continue;
            }

            if (!knownOptions.Contains(name))
            {
                throw new UsageException($"Unknown option --{name}.");
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"Option --{name} needs a value."));
            if (!parsed.options.TryGetValue(name, out var values))
            {
                parsed.options[name] = values = [];
            }

            values.Add(value);
        }

        return parsed;
    }

    public bool Flag(string name) => flags.Contains(name);

    public IReadOnlyList<string> All(string name) => options.TryGetValue(name, out var values) ? values : [];

    public string? Optional(string name)
    {
        var values = All(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"Option --{name} is given more than once."),
        };
    }

    public string Required(string name) => Optional(name) ?? throw new UsageException($"Option --{name} is required.");

    public static DateOnly ParseDate(string name, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--{name} '{value}' is not a date in the form yyyy-MM-dd.");

    public static long ParseEuros(string name, string value) =>
        Money.TryParseEuros(value, out var cents) ? cents : throw new UsageException($"--{name} '{value}' is not an amount in euros such as 2500.00.");

    public static T ParseChoice<T>(string name, string value, IReadOnlyDictionary<string, T> choices) =>
        choices.TryGetValue(value, out var choice)
            ? choice
            : throw new UsageException($"--{name} '{value}' is not one of: {string.Join(", ", choices.Keys)}.");
}

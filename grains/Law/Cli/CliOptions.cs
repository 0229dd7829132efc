using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;

namespace P4Orleans.Law;

/// <summary>
/// The law command line's option kinds on System.CommandLine: each parses and checks its value while the
/// command line is parsed, so a malformed value is a usage error (exit 2) before any rule runs, and each
/// offers its choices to shell completion.
/// </summary>
public static class CliOptions
{
    /// <summary>A <c>--name value</c> option whose value is one of <paramref name="choices"/> (case-insensitive).</summary>
    public static Option<T> Choice<T>(string name, string description, IReadOnlyDictionary<string, T> choices, string? defaultChoice = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var option = new Option<T>(name)
        {
            Description = $"{description} ({string.Join("|", choices.Keys)}{(defaultChoice is null ? string.Empty : $"; default {defaultChoice}")})",
            HelpName = string.Join("|", choices.Keys),
            Required = defaultChoice is null && default(T) is not null,
            CustomParser = result => Single(result, value =>
                choices.TryGetValue(value, out var choice) ? (true, choice) : (false, default!),
                value => $"{name} '{value}' is not one of: {string.Join(", ", choices.Keys)}."),
        };
        if (defaultChoice is not null)
        {
            option.DefaultValueFactory = _ => choices[defaultChoice];
        }

        option.CompletionSources.Add(_ => choices.Keys.Select(k => new CompletionItem(k)));
        return option;
    }

    /// <summary>A required <c>--name yyyy-MM-dd</c> option.</summary>
    public static Option<DateOnly> Date(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "yyyy-MM-dd",
        Required = true,
        CustomParser = result => Single(result,
            value => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? (true, date) : (false, default),
            value => $"{name} '{value}' is not a date in the form yyyy-MM-dd."),
    };

    /// <summary>A required <c>--name 2500.00</c> option: an amount in euros, parsed into integer cents.</summary>
    public static Option<long> Euros(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "euros",
        Required = true,
        CustomParser = result => Single(result,
            value => Money.TryParseEuros(value, out var cents) ? (true, cents) : (false, 0L),
            value => $"{name} '{value}' is not an amount in euros such as 2500.00."),
    };

    /// <summary>An optional whole number (no sign, no separators), <paramref name="defaultValue"/> when absent.</summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue) => new(name)
    {
        Description = $"{description} (default {defaultValue})",
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Single(result,
            value => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? (true, number) : (false, 0),
            value => $"{name} '{value}' is not a whole number."),
    };

    /// <summary>An optional text, <paramref name="defaultValue"/> when absent.</summary>
    public static Option<string> Text(string name, string description, string? defaultValue = null)
    {
        var option = new Option<string>(name) { Description = description, Required = defaultValue is null };
        if (defaultValue is not null)
        {
            option.Description += $" (default {defaultValue})";
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }

    /// <summary>A switch such as <c>--json</c>.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>A repeatable option whose every value is parsed by <paramref name="parse"/> (null and an error when malformed).</summary>
    public static Option<IReadOnlyList<T>> Repeated<T>(string name, string description, string helpName, Func<string, T?> parse, Func<string, string> error)
        where T : class => new(name)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
            CustomParser = result =>
            {
                var values = new List<T>();
                foreach (var token in result.Tokens)
                {
                    if (parse(token.Value) is { } value)
                    {
                        values.Add(value);
                    }
                    else
                    {
                        result.AddError(error(token.Value));
                    }
                }

                return values;
            },
        };

    private static T Single<T>(ArgumentResult result, Func<string, (bool Ok, T Value)> parse, Func<string, string> error)
    {
        if (result.Tokens.Count != 1)
        {
            // The library reports a missing value or a repeated option itself; nothing to add here.
            return default!;
        }

        var text = result.Tokens[0].Value;
        var (ok, value) = parse(text);
        if (!ok)
        {
            result.AddError(error(text));
        }

        return value;
    }
}

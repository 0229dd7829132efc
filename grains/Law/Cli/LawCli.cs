using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text.Json;

namespace P4Orleans.Law;

/// <summary>
/// The engine from the command line, on System.CommandLine: <c>deadline</c>, <c>tariff</c>, <c>check-id</c>,
/// <c>arrondissement</c>, <c>seizable</c>, <c>prescription</c>, <c>help</c>; <c>--help</c> on every command;
/// shell completion through the <c>[suggest]</c> directive. Exit codes: 0 success, 1 invalid input, 2 bad usage.
/// </summary>
public static partial class LawCli
{
    /// <summary>Exit code of a successful query.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the input is well-formed but invalid (e.g. an identifier failing a check).</summary>
    public const int InvalidInput = 1;

    /// <summary>Exit code of bad usage (unknown command or option, missing or malformed value).</summary>
    public const int BadUsage = 2;

    /// <summary>What every help page ends with.</summary>
    public const string ExitCodes = "Exit codes: 0 success, 1 invalid input, 2 bad usage.";

    /// <summary>Runs one command, writing the answer to <paramref name="stdout"/> and problems to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, LawOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var root = new RootCommand("The law engine: deadlines, tariff, identifiers, competence, seizable income, prescription. " + ExitCodes);
        foreach (var command in Commands(stdout, stderr, options))
        {
            root.Subcommands.Add(command);
        }

        return Invoke(root.Parse(args), stdout, stderr, "law --help");
    }

    /// <summary>
    /// The <c>law</c> command with its subcommands, for a host command line that offers the engine among its own
    /// commands (the gateway's); <see cref="Invoke"/> runs what it parses.
    /// </summary>
    public static Command Command(TextWriter stdout, TextWriter stderr, LawOptions? options = null)
    {
        var law = new Command("law", "Ask the law engine (--json for JSON). " + ExitCodes);
        foreach (var command in Commands(stdout, stderr, options))
        {
            law.Subcommands.Add(command);
        }

        return law;
    }

    /// <summary>
    /// Runs a parsed command line: a usage error prints each error on <paramref name="stderr"/> (nothing on
    /// <paramref name="stdout"/>) and returns <see cref="BadUsage"/>; help and completion answer on <paramref name="stdout"/>.
    /// </summary>
    public static int Invoke(ParseResult parsed, TextWriter stdout, TextWriter stderr, string helpHint)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(stderr);
        if (parsed.Action is ParseErrorAction || (parsed.Action is null && parsed.Errors.Count > 0))
        {
            WriteUsageErrors(parsed, stderr, helpHint);
            return BadUsage;
        }

        return parsed.Invoke(Configuration(stdout, stderr));
    }

    /// <summary>Where the library writes help and completions; its own exception handler is off so a failure is not an exit code.</summary>
    public static InvocationConfiguration Configuration(TextWriter stdout, TextWriter stderr) =>
        new() { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };

    /// <summary>Writes a usage error: each parse error as <c>error: ...</c>, then where the help is.</summary>
    public static void WriteUsageErrors(ParseResult parsed, TextWriter stderr, string helpHint)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (var error in parsed.Errors)
        {
            stderr.WriteLine($"error: {error.Message}");
        }

        stderr.WriteLine($"Run '{helpHint}' for usage.");
    }

    private static IEnumerable<Command> Commands(TextWriter stdout, TextWriter stderr, LawOptions? options)
    {
        var queries = new Lazy<LawQueries>(() => new LawQueries(options));
        yield return Deadline(stdout, stderr, queries);
        yield return Tariff(stdout, stderr, queries);
        yield return CheckId(stdout, stderr, queries);
        yield return Arrondissement(stdout, stderr, queries);
        yield return Seizable(stdout, stderr, queries);
        yield return Prescription(stdout, stderr, queries);
        var help = new Command("help", "Show the commands and their options.");
        help.SetAction(parsed =>
        {
            // `help` is `--help` of the command it belongs to (the engine's, alone or under a host's root).
            var path = parsed.Tokens.TakeWhile(t => t.Value != "help").Select(t => t.Value).Append("--help").ToArray();
            return parsed.RootCommandResult.Command.Parse(path).Invoke(Configuration(stdout, stderr));
        });
        yield return help;
    }

    /// <summary>Runs a handler; a rule refusing the input is exit 1 with the reason on standard error.</summary>
    private static int Guarded(TextWriter stderr, Func<int> handler)
    {
        try
        {
            return handler();
        }
        catch (Exception e) when (e is ArgumentException or LawRuleException or FormatException)
        {
            stderr.WriteLine($"invalid input: {e.Message}");
            return InvalidInput;
        }
    }

    private static void WriteJson<T>(TextWriter stdout, T value) =>
        stdout.WriteLine(JsonSerializer.Serialize(value, LawJson.Indented));

    private static Option<bool> Json() => CliOptions.Flag("--json", "Print the structured result as JSON.");
}

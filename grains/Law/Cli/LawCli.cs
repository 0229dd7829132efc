using System.Text.Json;

namespace P4Orleans.Law;

/// <summary>
/// The engine from the command line: <c>deadline</c>, <c>tariff</c>, <c>check-id</c>, <c>arrondissement</c>,
/// <c>seizable</c>, <c>prescription</c>, <c>help</c>. Exit codes: 0 success, 1 invalid input, 2 bad usage.
/// </summary>
public static partial class LawCli
{
    /// <summary>Exit code of a successful query.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the input is well-formed but invalid (e.g. an identifier failing a check).</summary>
    public const int InvalidInput = 1;

    /// <summary>Exit code of bad usage (unknown command or option, missing or malformed value).</summary>
    public const int BadUsage = 2;

    /// <summary>The usage text printed by <c>help</c>.</summary>
    public const string Usage =
        """
        Usage: law <command> [options]

          deadline --event service|registered|registered-ack|ebox --date yyyy-MM-dd [--residence BE]
                   [--window opposition|command|notice] [--json]
              opposition: last day to oppose a served contrainte; command: when the contrainte becomes
              executable (24-hour command to pay); notice: when a contrainte may be issued after the
              final formal notice (event registered, registered-ack or ebox).
          tariff --act service|seizure-movables|garnishment|real-estate-seizure|report|file-fee
                 --claim 2500.00 --date yyyy-MM-dd [--json]
          check-id <value> [--kind niss|kbo|iban] [--json]
          arrondissement --postal 4700 [--country BE] [--person natural|legal] [--json]
          seizable --income 1700.00 --children 1 --date yyyy-MM-dd [--type work|replacement] [--json]
          prescription --due yyyy-MM-dd [--fraud] [--interruption yyyy-MM-dd:summons|command-to-pay|seizure|registered-letter]...
                       [--suspension yyyy-MM-dd:yyyy-MM-dd | yyyy-MM-dd:]... [--json]
          help

        Exit codes: 0 success, 1 invalid input, 2 bad usage.
        """;

    /// <summary>Runs one command, writing the answer to <paramref name="stdout"/> and problems to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, LawOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            stderr.WriteLine(Usage);
            return BadUsage;
        }

        try
        {
            var rest = args[1..];
            return args[0].ToLowerInvariant() switch
            {
                "help" or "--help" or "-h" => Help(stdout),
                "deadline" => Deadline(rest, stdout, new LawQueries(options)),
                "tariff" => Tariff(rest, stdout, new LawQueries(options)),
                "check-id" => CheckId(rest, stdout, new LawQueries(options)),
                "arrondissement" => Arrondissement(rest, stdout, new LawQueries(options)),
                "seizable" => Seizable(rest, stdout, new LawQueries(options)),
                "prescription" => Prescription(rest, stdout, new LawQueries(options)),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine("Run 'law help' for usage.");
            return BadUsage;
        }
        catch (Exception e) when (e is ArgumentException or LawRuleException or FormatException)
        {
            stderr.WriteLine($"invalid input: {e.Message}");
            return InvalidInput;
        }
    }

    private static int Help(TextWriter stdout)
    {
        stdout.WriteLine(Usage);
        return Success;
    }

    private static void WriteJson<T>(TextWriter stdout, T value) =>
        stdout.WriteLine(JsonSerializer.Serialize(value, LawJson.Indented));

    private static CliArguments Parse(string[] args, string[] knownOptions, params string[] knownFlags) =>
        CliArguments.Parse(args, new HashSet<string>(knownOptions, StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(["json", .. knownFlags], StringComparer.OrdinalIgnoreCase));

    private static void NoPositional(CliArguments parsed)
    {
        if (parsed.Positional.Count > 0)
        {
            throw new UsageException($"Unexpected argument '{parsed.Positional[0]}'.");
        }
    }
}

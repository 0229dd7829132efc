using System.CommandLine;
using System.CommandLine.Invocation;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;
using P4Orleans.Law;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Cli;

/// <summary>
/// The gateway's command line, on System.CommandLine: <c>law ...</c> asks the law engine; the others work on the
/// configured database (the embedded one when no connection string is set) without starting the gateway.
/// Every command has <c>--help</c>; <c>[suggest]</c> completes commands and choices. Exit codes: 0 success,
/// 1 failure, 2 usage error, 3 a broken audit chain.
/// </summary>
public static partial class PlatformCli
{
    /// <summary>Exit code of a usage error (unknown command or option, missing or malformed value).</summary>
    public const int UsageError = 2;

    private const string HelpHint = "P4Orleans.Api --help";

    private static readonly HashSet<string> Commands = ["law", "users", "token", "audit", "migrate", "keys", "help", "--help", "-h", "-?"];

    /// <summary>True when <paramref name="args"/> name a command (or help, or a completion request) rather than start the gateway.</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && (Commands.Contains(args[0]) || args[0].StartsWith("[suggest", StringComparison.Ordinal));

    /// <summary>Runs a command on the process's standard output and error.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, new CliIo(Console.Out, Console.Error));

    /// <summary>
    /// Runs a command: its answer (and nothing else) on <see cref="CliIo.Output"/>, so that <c>TOKEN=$(... token --user id)</c>
    /// holds the token alone; errors and logs on <see cref="CliIo.Error"/>. A usage error writes nothing on the output.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CliIo io)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(io);
        var parsed = Root(io).Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            LawCli.WriteUsageErrors(parsed, io.Error, HelpHint);
            return UsageError;
        }

        return await parsed.InvokeAsync(LawCli.Configuration(io.Output, io.Error));
    }

    private static RootCommand Root(CliIo io)
    {
        var root = new RootCommand("P4Orleans: without a command the gateway starts. Exit codes: 0 success, 1 failure, 2 usage error, 3 broken audit chain.")
        {
            LawCli.Command(io.Output, io.Error),
            Migrate(io),
            Users(io),
            Token(io),
            Audit(io),
            Keys(io),
        };
        var help = new Command("help", "Show the commands and their options.");
        help.SetAction(parsed => parsed.RootCommandResult.Command.Parse(["--help"]).Invoke(LawCli.Configuration(io.Output, io.Error)));
        root.Subcommands.Add(help);
        return root;
    }

    /// <summary>A command that runs on the platform's services (database, registry, key ring), started without the gateway.</summary>
    private static Command OnHost(Command command, CliIo io, Func<ParseResult, HostCommandContext, Task<int>> body)
    {
        command.SetAction((parsed, _) => WithHostAsync(io, context => body(parsed, context)));
        return command;
    }

    private static async Task<int> WithHostAsync(CliIo io, Func<HostCommandContext, Task<int>> body)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [], ContentRootPath = AppContext.BaseDirectory, EnvironmentName = io.EnvironmentName,
        });
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        builder.Configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true);
        builder.Configuration.AddEnvironmentVariables();
        if (io.Settings is { } settings)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        // Standard output carries the command's answer only: logs go to standard error, warnings and worse.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.Services.AddP4Database(builder.Configuration);
        builder.Services.AddPlatformServices(builder.Configuration);
        var auth = builder.Configuration.GetValidated<AuthOptions>("Auth");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            return await body(new HostCommandContext(host.Services, auth, builder.Environment, io.Output, io.Error));
        }
        catch (Exception e) when (e is Problems.ValidationFailedException or Problems.ConflictException or FormatException or ArgumentException)
        {
            await io.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>What a host command works with.</summary>
    private sealed record HostCommandContext(IServiceProvider Services, AuthOptions Auth, IHostEnvironment Environment, TextWriter Output, TextWriter Error);
}

/// <summary>Where a command writes, and (for tests) settings and environment that override the machine's.</summary>
/// <param name="Output">The command's answer only.</param>
/// <param name="Error">Errors and logs.</param>
/// <param name="Settings">Configuration applied last.</param>
/// <param name="EnvironmentName">The host environment; null for DOTNET_ENVIRONMENT's.</param>
public sealed record CliIo(TextWriter Output, TextWriter Error, IReadOnlyDictionary<string, string?>? Settings = null, string? EnvironmentName = null);

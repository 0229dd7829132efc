using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using P4Orleans.Api.Hosting;

namespace P4Orleans.Api.Tests.Telemetry;

/// <summary>The console format by environment: JSON lines with scopes everywhere but Development.</summary>
public sealed class ConsoleFormatTests
{
    [Theory]
    [InlineData("Production", ConsoleFormatterNames.Json)]
    [InlineData("Staging", ConsoleFormatterNames.Json)]
    [InlineData("Testing", ConsoleFormatterNames.Json)]
    [InlineData("Development", ConsoleFormatterNames.Simple)]
    public void the_console_writes_json_lines_outside_development(string environment, string formatter)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddPlatformConsole(new HostingEnvironment { EnvironmentName = environment }));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(formatter, provider.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        var json = provider.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
        var tracking = provider.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId));
    }
}

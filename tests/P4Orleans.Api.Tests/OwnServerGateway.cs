using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Tests;

/// <summary>
/// The real gateway on a PostgreSQL of its own rather than the shared test server: its embedded default
/// (no connection string), or an external server a test started and stops at will.
/// </summary>
public sealed class OwnServerGateway(int port, string? connectionString = null) : TestGateway
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "p4o-gw-" + Guid.NewGuid().ToString("N")[..8]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString ?? "");
        builder.UseSetting("Embedded:DataDirectory", Path.Combine(Folder, "postgres"));
        builder.UseSetting("Embedded:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Embedded:Durable", "false");
        builder.UseSetting("Embedded:SharedBuffers", "16MB");
        builder.UseSetting("Embedded:MaxConnections", "60");
        builder.UseSetting("Embedded:RestartBackoff", "00:00:02");
        builder.UseSetting("Auth:DevelopmentIssuer:Enabled", "true");
        builder.UseSetting("Auth:DevelopmentIssuer:KeyFile", "");
        builder.UseSetting("Keys:File", Path.Combine(Folder, "keys.json"));
        builder.UseSetting("Silo:NodeId", "own-server-node-" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>A client of a freshly registered operator.</summary>
    public async Task<HttpClient> OperatorClientAsync()
    {
        var user = await Services.GetRequiredService<UserRegistry>().AddAsync(
            new NewUser(TestUsers.NationalNumber(Random.Shared.Next(100, 999)), "Outage Operator",
                OrganisationKind.Concessionaire, "concessionaire", [Roles.Operator]), default);
        return CreateClient().WithTokenFor(Services, user.Id);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestUsers.DeleteFolder(Folder);
    }
}

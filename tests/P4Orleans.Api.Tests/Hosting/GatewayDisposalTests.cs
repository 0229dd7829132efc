using System.Net;
using System.Runtime.CompilerServices;

namespace P4Orleans.Api.Tests.Hosting;

/// <summary>
/// A gateway disposed leaves nothing alive: its services (and with them its silo, its connection pool, its
/// metrics) are collectable once the test that used it let it go. A suite starts hundreds of gateways; one kept
/// per test is what once made the suite run out of memory.
/// </summary>
public sealed class GatewayDisposalTests
{
    [Fact]
    public async Task a_disposed_gateway_and_its_services_are_collected()
    {
        var services = await StartUseAndDisposeAsync();
        for (var attempt = 0; attempt < 50 && services.IsAlive; attempt++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.False(services.IsAlive, "the gateway's service provider is still reachable after its disposal");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> StartUseAndDisposeAsync()
    {
        var api = new ApiFactory();
        await api.InitializeAsync();
        var user = await api.UserAsync(Api.Security.Roles.Operator);
        using (var client = api.ClientFor(user))
        {
            var response = await client.GetAsync("/me", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var services = new WeakReference(api.Services);
        await api.DisposeAsync();
        return services;
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using P4Orleans.Api.Hosting;

namespace P4Orleans.Api.Tests;

/// <summary>
/// The real gateway (what <c>Program</c> builds: <see cref="PlatformExtensions.AddPlatform"/> and <see cref="PlatformExtensions.UsePlatform"/>) on an
/// in-memory test server, built on the test's own thread.
/// </summary>
/// <remarks>
/// It stands where <see cref="WebApplicationFactory{TEntryPoint}"/> stood. That factory runs the program's entry point
/// on a thread of its own to capture the host, and the thread's execution context keeps the factory's listener,
/// and through it the whole host, for the rest of the process (dotnet/aspnetcore#48047): a suite that starts
/// hundreds of gateways, each with its silo, grew by about 100 MB a gateway until the machine ran out of memory.
/// This host builds the same application directly, starts it without flowing the test's execution context into
/// the host's threads and timers, and forgets the application once disposed, so that nothing a test leaves behind
/// (a thread, a timer, its test class) keeps a gateway alive.
/// </remarks>
public abstract class TestGateway : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<HttpClient> _clients = [];
    private readonly List<TestGateway> _derived = [];
    private WebApplication? _app;
    private TestServer? _server;
    private bool _disposed;
    private bool _kestrel;
    private Action<KestrelServerOptions>? _kestrelOptions;

    /// <summary>The options of <see cref="CreateClient()"/>: base address http://localhost, redirects followed, cookies kept.</summary>
    public WebApplicationFactoryClientOptions ClientOptions { get; } = new();

    /// <summary>The gateway's services (the gateway starts at the first use).</summary>
    public IServiceProvider Services => Started().Services;

    /// <summary>The in-memory server (the gateway starts at the first use).</summary>
    public TestServer Server
    {
        get
        {
            Started();
            return _server ?? throw new InvalidOperationException("This gateway listens on a real socket (UseKestrel): it has no in-memory server.");
        }
    }

    /// <summary>Serves on a real socket (Kestrel, with the addresses the settings give) instead of in memory; before the start.</summary>
    public void UseKestrel()
    {
        lock (_gate)
        {
            if (_app is not null)
            {
                throw new InvalidOperationException("The gateway has started already.");
            }
            _kestrel = true;
        }
    }

    /// <summary>Serves on a real socket on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    public void UseKestrel(int port) => UseKestrel(o => o.Listen(IPAddress.Loopback, port));

    /// <summary>Serves on a real socket, Kestrel configured by <paramref name="configure"/>.</summary>
    public void UseKestrel(Action<KestrelServerOptions> configure)
    {
        UseKestrel();
        _kestrelOptions = configure;
    }

    /// <summary>Starts the gateway now.</summary>
    public void StartServer() => Started();

    /// <summary>The test's settings and services, recorded and applied around the platform's own.</summary>
    protected virtual void ConfigureWebHost(IWebHostBuilder builder)
    {
    }

    /// <summary>A gateway configured as this one, then by <paramref name="configure"/>; disposed with this one.</summary>
    public TestGateway WithWebHostBuilder(Action<IWebHostBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var derived = new DerivedGateway(this, configure);
        lock (_gate)
        {
            _derived.Add(derived);
        }
        return derived;
    }

    public HttpClient CreateClient() => CreateClient(ClientOptions);

    public HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = Started();
        var baseAddress = options.BaseAddress;
        HttpMessageHandler handler;
        if (_server is { } server)
        {
            handler = server.CreateHandler();
        }
        else
        {
            handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            baseAddress = new Uri(addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The gateway listens on no address."));
        }
        if (options.HandleCookies)
        {
            handler = new CookieContainerHandler { InnerHandler = handler };
        }
        if (options.AllowAutoRedirect)
        {
            handler = new RedirectHandler(options.MaxAutomaticRedirections) { InnerHandler = handler };
        }
        var client = new HttpClient(handler) { BaseAddress = baseAddress };
        lock (_gate)
        {
            _clients.Add(client);
        }
        return client;
    }

    private void ApplyConfiguration(IWebHostBuilder builder) => ConfigureWebHost(builder);

    private WebApplication Started()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is not null)
            {
                return _app;
            }

            var recorded = new GenericWebHostBuilder();
            ApplyConfiguration(recorded);
            var app = Build(recorded, _kestrel, _kestrelOptions);
            try
            {
                // The host's threads, timers and loops start without the test's execution context (its TestContext,
                // and through it the test class): a context they kept would keep this gateway.
                using (ExecutionContext.SuppressFlow())
                {
                    app.StartAsync().GetAwaiter().GetResult();
                }
            }
            catch
            {
                ((IAsyncDisposable)app).DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
            _server = app.Services.GetRequiredService<IServer>() as TestServer;
            _app = app;
            return app;
        }
    }

    private static WebApplication Build(GenericWebHostBuilder recorded, bool kestrel, Action<KestrelServerOptions>? kestrelOptions)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            EnvironmentName = recorded.GetSetting(WebHostDefaults.EnvironmentKey) ?? Environments.Development,
            ContentRootPath = recorded.GetSetting(WebHostDefaults.ContentRootKey) ?? ContentRoot(),
        });
        // The test's settings come last, so they win over appsettings and the environment.
        string[] fixedAtCreation = [WebHostDefaults.EnvironmentKey, WebHostDefaults.ContentRootKey, WebHostDefaults.ApplicationKey];
        builder.Configuration.AddInMemoryCollection(recorded.Settings
            .Where(s => !fixedAtCreation.Contains(s.Key, StringComparer.OrdinalIgnoreCase)));
        var context = new WebHostBuilderContext { Configuration = builder.Configuration, HostingEnvironment = builder.Environment };
        foreach (var configure in recorded.AppConfiguration)
        {
            configure(context, builder.Configuration);
        }

        if (!kestrel)
        {
            builder.WebHost.UseTestServer();
        }
        else if (kestrelOptions is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrelOptions);
        }
        builder.AddPlatform();
        // The test's services come after the platform's, so that they replace them.
        foreach (var configure in recorded.ServiceConfiguration)
        {
            configure(context, builder.Services);
        }

        var app = builder.Build();
        app.UsePlatform();
        return app;
    }

    /// <summary>The gateway's project folder (its appsettings), as the testing package's manifest records it.</summary>
    private static string ContentRoot()
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        if (File.Exists(manifest))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            if (document.RootElement.TryGetProperty(typeof(Program).Assembly.FullName!, out var folder)
                && folder.GetString() is { Length: > 0 } path && Directory.Exists(path))
            {
                return path;
            }
        }
        return AppContext.BaseDirectory;
    }

    public virtual async ValueTask DisposeAsync()
    {
        WebApplication? app;
        List<HttpClient> clients;
        List<TestGateway> derived;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            app = _app;
            clients = [.. _clients];
            derived = [.. _derived];
            _app = null;
            _server = null;
            _clients.Clear();
            _derived.Clear();
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
        foreach (var gateway in derived)
        {
            await gateway.DisposeAsync();
        }
        if (app is not null)
        {
            try
            {
                await app.StopAsync();
            }
            finally
            {
                await app.DisposeAsync();
            }
        }
        GC.SuppressFinalize(this);
    }

    private sealed class DerivedGateway(TestGateway parent, Action<IWebHostBuilder> configure) : TestGateway
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            parent.ApplyConfiguration(builder);
            configure(builder);
        }
    }

    /// <summary>
    /// Records what a test configures. Its name is the one the test host's <c>ConfigureTestServices</c> looks for:
    /// with it, test services are plain service registrations (one container), applied after the platform's.
    /// </summary>
    private sealed class GenericWebHostBuilder : IWebHostBuilder
    {
        public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<Action<WebHostBuilderContext, IConfigurationBuilder>> AppConfiguration { get; } = [];

        public List<Action<WebHostBuilderContext, IServiceCollection>> ServiceConfiguration { get; } = [];

#pragma warning disable ASPDEPR008 // IWebHost: the interface requires it; nothing calls it.
        public IWebHost Build() => throw new NotSupportedException("The test gateway builds the application itself.");
#pragma warning restore ASPDEPR008

        public IWebHostBuilder ConfigureAppConfiguration(Action<WebHostBuilderContext, IConfigurationBuilder> configureDelegate)
        {
            AppConfiguration.Add(configureDelegate);
            return this;
        }

        public IWebHostBuilder ConfigureServices(Action<IServiceCollection> configureServices)
        {
            ArgumentNullException.ThrowIfNull(configureServices);
            ServiceConfiguration.Add((_, services) => configureServices(services));
            return this;
        }

        public IWebHostBuilder ConfigureServices(Action<WebHostBuilderContext, IServiceCollection> configureServices)
        {
            ServiceConfiguration.Add(configureServices);
            return this;
        }

        public string? GetSetting(string key) => Settings.GetValueOrDefault(key);

        public IWebHostBuilder UseSetting(string key, string? value)
        {
            Settings[key] = value;
            return this;
        }
    }
}

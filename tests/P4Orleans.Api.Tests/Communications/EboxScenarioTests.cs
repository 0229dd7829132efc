using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Testing;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Communications;

/// <summary>The platform configured with an eBox endpoint (a local eBox in the test): a failure retried by the clock, then a reading.</summary>
public sealed class EboxScenarioTests : IAsyncLifetime
{
    private static readonly int Port = FreePorts.Next();
    private readonly ConcurrentQueue<string> _keys = new();
    private readonly ConcurrentQueue<int> _answers = new([503]);
    private readonly Scenario _s = new(new Dictionary<string, string?>
    {
        ["Communications:Ebox:Endpoint"] = $"http://127.0.0.1:{Port}/",
        ["Communications:Ebox:ApiKey"] = "k",
        ["Communications:InitialBackoff"] = "00:01:00",
    });
    private WebApplication _ebox = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _ebox = builder.Build();
        _ebox.MapPost("/messages", (HttpRequest request) =>
        {
            _keys.Enqueue(request.Headers["Idempotency-Key"].ToString());
            return Results.StatusCode(_answers.TryDequeue(out var status) ? status : 201);
        });
        await _ebox.StartAsync(Ct);
        await _s.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _s.DisposeAsync();
        await _ebox.DisposeAsync();
    }

    [Fact]
    public async Task an_enterprise_notice_goes_to_the_ebox_is_retried_after_a_failure_and_its_reading_starts_the_wait()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var title = Contrainte("ONSS-2026-EBOX-1") with
        {
            Debtor = new DebtorSubmission(P4Orleans.Law.PersonKind.Legal, "0123456749", "Exemple Construct SA", null,
                new PostalAddress("Boulevard d'Avroy", "3", null, "4000", "Liège", "BE")),
        };
        var id = await _s.SubmitAsync(onss, title);
        var path = $"/operators/dossiers/{id}/communications";
        var first = await ReadAsync<CommunicationView>(await PostAsync(operators, path,
            new CommunicationRequest(CommunicationKind.FormalNotice, "Mise en demeure", "Veuillez payer."), HttpStatusCode.Created));
        Assert.Equal(CommunicationStatus.Pending, first.Status);
        Assert.Equal("http-503", first.LastError);

        _s.Clock.Advance(TimeSpan.FromMinutes(1));
        await _s.PollRemindersAsync();
        var sent = (await operators.GetFromJsonAsync<List<CommunicationView>>(path, Json, Ct))!.Single();
        Assert.Equal(CommunicationStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal([$"{id}:C1", $"{id}:C1"], _keys.ToArray());
        Assert.False(Directory.Exists(Path.Combine(_s.Api.OutboxFolder, "ebox")));

        // Read on Tuesday 3 March 2026 (made available the same day): first day 4 March, wait until Friday 3 April.
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero));
        var read = await ReadAsync<CommunicationView>(await PostAsync(operators, $"{path}/C1/acknowledgements",
            new CommunicationAcknowledgement(AcknowledgementKind.Read, new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero))));
        Assert.Equal(CommunicationStatus.Read, read.Status);
        Assert.Equal(new DateOnly(2026, 3, 4), read.RunsFrom);
        Assert.Contains("lu dans l'eBox", read.French!, StringComparison.Ordinal);
        var view = await ViewAsync(operators, $"/operators/dossiers/{id}");
        Assert.Equal(new DateOnly(2026, 4, 3), view.KeyDates.Single(k => k.Name == "formal-notice-wait").Date);
    }
}

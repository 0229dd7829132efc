using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P4Orleans.Api.Tests.Dossiers;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Telemetry;

/// <summary>
/// Every log line of the real host, at Debug and above from every source, while requests carry a person's
/// data (a title, bad requests, failing commands): none holds the person; the JSON lines carry the trace.
/// </summary>
public sealed class LogRedactionTests : IAsyncLifetime
{
    private static readonly Debtor Person = new("Vanderschrick", "Amélie", Niss(733), "Rue Hors-Château", "41", "4000", "Liège", "BE71096123456769");

    private readonly Scenario _s = new(new Dictionary<string, string?>
    {
        // Everything a node could be configured to write, Debug included (Orleans', ASP.NET Core's, Npgsql's).
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Npgsql"] = "Debug",
        ["Logging:LogLevel:Orleans"] = "Debug",
    }, host => host.ConfigureTestServices(services =>
    {
        services.AddSingleton<CapturedLogs>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<CapturedLogs>());
    }));

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private IReadOnlyCollection<string> Lines => _s.Api.Services.GetRequiredService<CapturedLogs>().Lines;

    [Fact]
    public async Task no_log_line_of_any_source_holds_the_name_niss_iban_or_address_sent_in_requests()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var title = Contrainte("ONSS-LOGS-1", Person);
        var id = await _s.SubmitAsync(onss, title);

        // Bad requests: a domain refusal (bad IBAN), a value of the wrong type, broken JSON, an unknown enum name,
        // an over-long field; each carries the person.
        var bad = new List<HttpContent>
        {
            JsonContent.Create(Contrainte("ONSS-LOGS-2", Person with { Iban = Person.Iban + "99" }), options: Json),
            Json_(JsonSerializer.Serialize(title, Json).Replace("\"contributionQuarter\":{", $"\"contributionQuarter\":\"{Person.Name} {Person.Niss}\",\"x\":{{", StringComparison.Ordinal)),
            Json_($"{{\"reference\":\"ONSS-LOGS-3\",\"debtor\":{{\"name\":\"{Person.Name}\",\"identifier\":\"{Person.Niss}\",\"iban\":\"{Person.Iban}\",\"street\":\"{Person.Street}"),
            Json_(JsonSerializer.Serialize(Contrainte("ONSS-LOGS-4", Person), Json).Replace("\"Contrainte\"", $"\"{Person.Name}{Person.Niss}\"", StringComparison.Ordinal)),
            JsonContent.Create(Contrainte("ONSS-LOGS-5", Person with { Municipality = Person.Municipality + new string('x', 5_000) }), options: Json),
        };
        foreach (var body in bad)
        {
            var response = await onss.PostAsync("/onss/dossiers", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        // A client that puts the person in a query string (the API never asks it to): refused, and kept out of the log.
        foreach (var query in new[] { $"status={Person.Name}", $"after={Person.Niss}&limit=5", $"status=Executable&q={Uri.EscapeDataString(Person.Street)}+{Person.Iban}" })
        {
            var response = await onss.GetAsync($"/onss/dossiers?{query}", Ct);
            Assert.True((int)response.StatusCode is >= 200 and < 500, $"got {(int)response.StatusCode}");
        }

        // Failing commands: the same reference with another payload (conflict), a command illegal in the dossier's
        // state whose reason names the person, a payment on a dossier that does not exist.
        await ExpectAsync(await onss.PostAsJsonAsync("/onss/dossiers", Contrainte("ONSS-LOGS-1", Person, 9_999), Json, Ct), HttpStatusCode.Conflict);
        var illegal = await onss.PostAsJsonAsync($"/onss/dossiers/{id}/payment-plan/end",
            new { reason = "Defaulted", date = _s.Today }, Json, Ct);
        Assert.True((int)illegal.StatusCode is >= 400 and < 500, $"got {(int)illegal.StatusCode}");
        var withdrawn = await onss.PostAsJsonAsync($"/onss/dossiers/{id}/withdrawal", new { reason = $"{Person.Name} {Person.Niss} {Person.Iban} {Person.Street}" }, Json, Ct);
        await ExpectAsync(withdrawn, HttpStatusCode.OK);
        var twice = await onss.PostAsJsonAsync($"/onss/dossiers/{id}/withdrawal", new { reason = $"{Person.Name} {Person.Niss} {Person.Iban} {Person.Street}" }, Json, Ct);
        Assert.True((int)twice.StatusCode is >= 400 and < 500, $"got {(int)twice.StatusCode}");
        var missing = await onss.PostAsJsonAsync("/onss/dossiers/00000000000000000000000000000000/payments",
            new { amountCents = 100, date = _s.Today, source = "Onss", reference = Person.Name }, Json, Ct);
        Assert.True((int)missing.StatusCode is >= 400 and < 500, $"got {(int)missing.StatusCode}");

        var lines = Lines.ToList();
        // The capture saw the sources it vouches for.
        Assert.Contains(lines, l => l.Contains("\"Category\":\"Microsoft.AspNetCore.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Category\":\"Orleans.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"Category\":\"Npgsql.", StringComparison.Ordinal));
        foreach (var clear in new[] { Person.Name, Person.FirstNames, Person.Niss, Person.Iban, Person.Street, "Hors-Ch\\u00E2teau", "Am\\u00E9lie" })
        {
            var leak = lines.FirstOrDefault(l => l.Contains(clear, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"a log line holds \"{clear}\": {leak}");
        }
    }

    [Fact]
    public async Task json_log_lines_of_a_request_carry_its_request_id_and_the_callers_trace_id()
    {
        var onss = await _s.OnssAsync();
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/onss/dossiers") { Content = Json_("{\"reference\":") };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await onss.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // The problem names the request (its headers are reset by the exception handler).
        var requestId = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("requestId").GetString();
        Assert.False(string.IsNullOrEmpty(requestId));

        var mine = Lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(s =>
                s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var r) && r.GetString() == requestId))
            .ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, l => Assert.Contains(l.GetProperty("Scopes").EnumerateArray(), s =>
            s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out var t) && t.GetString() == trace));
        Assert.All(mine, l => Assert.True(l.TryGetProperty("Timestamp", out _) && l.TryGetProperty("LogLevel", out _)));
    }

    private static StringContent Json_(string text) => new(text, Encoding.UTF8, "application/json");
}

using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Silo.Embedded;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Migration;

// Saving the fixture: the answers of the gateway, the key ring, the manifest and the database dump.
public sealed partial class Release1FixtureGenerator
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async Task SaveAsync(string output)
    {
        var answers = new JsonObject();
        var dossierAnswers = new JsonObject();
        var officeAnswers = new JsonObject();
        foreach (var (name, id) in _dossiers.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var entry = new JsonObject
            {
                [$"/operators/dossiers/{id}"] = await GetAsync(_operators, $"/operators/dossiers/{id}", "operator"),
                [$"/onss/dossiers/{id}"] = await GetAsync(_onss, $"/onss/dossiers/{id}", "onss"),
            };
            var office = (await ViewAsync(_operators, $"/operators/dossiers/{id}")).AssignedOfficeId;
            if (office is not null)
            {
                entry[$"/bailiff/dossiers/{id}"] = await GetAsync(Bailiff(office), $"/bailiff/dossiers/{id}", $"bailiff-{office}-1");
            }
            dossierAnswers[name] = entry;
            answers[name] = id;
        }
        foreach (var office in _bailiffs.Keys.Order(StringComparer.Ordinal))
        {
            officeAnswers[office] = new JsonObject { [$"/operators/bailiffs/{office}"] = await GetAsync(_operators, $"/operators/bailiffs/{office}", "operator") };
        }

        var keys = _s.Api.Services.GetRequiredService<IConfiguration>()["Keys:File"]!;
        File.Copy(keys, Path.Combine(output, "keys.json"), overwrite: true);
        var manifest = new JsonObject
        {
            ["madeAt"] = _s.Clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["release"] = "d3af012",
            ["dump"] = "release-1.sql.gz",
            ["answers"] = "release-1.answers.json.gz",
            ["keyRing"] = "keys.json",
            ["users"] = new JsonObject(_users.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => KeyValuePair.Create(u.Key, (JsonNode?)u.Value.ToString()))),
            ["offices"] = new JsonArray([.. _bailiffs.Keys.Order(StringComparer.Ordinal).Select(o => (JsonNode?)o)]),
            ["dossiers"] = answers,
        };
        await File.WriteAllTextAsync(Path.Combine(output, "release-1.json"), manifest.ToJsonString(Indented) + "\n", Ct);
        await using (var gz = new GZipStream(File.Create(Path.Combine(output, "release-1.answers.json.gz")), CompressionLevel.SmallestSize))
        {
            await JsonSerializer.SerializeAsync(gz, new JsonObject { ["dossiers"] = dossierAnswers, ["offices"] = officeAnswers }, Indented, Ct);
        }
        await DumpAsync(Path.Combine(output, "release-1.sql.gz"));
    }

    private async Task<JsonNode> GetAsync(HttpClient client, string path, string caller)
    {
        var response = await client.GetAsync(path, Ct);
        await ExpectAsync(response, System.Net.HttpStatusCode.OK);
        return new JsonObject
        {
            ["caller"] = caller,
            ["status"] = (int)response.StatusCode,
            ["body"] = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)),
        };
    }

    private async Task DumpAsync(string file)
    {
        var cs = new NpgsqlConnectionStringBuilder(_s.Api.ConnectionString);
        var bin = await PostgresBinaries.LocateAsync(allowInstall: false, Ct);
        var start = new ProcessStartInfo(Path.Combine(bin, "pg_dump"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--no-owner", "--no-privileges", "--no-comments", "-h", cs.Host!, "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", cs.Username!, cs.Database! })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(start)!;
        await using (var gz = new GZipStream(File.Create(file), CompressionLevel.SmallestSize))
        {
            await process.StandardOutput.BaseStream.CopyToAsync(gz, Ct);
        }
        await process.WaitForExitAsync(Ct);
        Assert.Equal(0, process.ExitCode);
    }
}

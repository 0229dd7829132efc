using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Bench.Harness;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Law;
using P4Orleans.Recovery.Intake;
using P4Orleans.Recovery.Vault;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Where a title's allocation goes on its way in, stage by stage, on one thread and without the database:
/// each stage runs alone over the same generated titles (after a warm-up pass) between two readings of
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>. A diagnostic for <c>bulk-intake</c>'s <c>alloc_kb</c>.
/// </summary>
public sealed class IntakeStagesBenchmark : IBenchmark
{
    public string Name => "intake-stages";

    public string Description => "bytes allocated and time per title of each stage of intake (parse, hash, law, intake, seal, JSON), one thread";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var result = new BenchmarkResult(Name, Description);
        var count = Math.Min(context.Options.Titles ?? 3_000, 20_000);
        await using var silo = BenchSilo.CreateRecovery(context.Database.ConnectionString, "bench-stages");
        var law = silo.Services.GetRequiredService<LawEngine>();
        var options = silo.Services.GetRequiredService<DossierOptions>();
        var vault = silo.Services.GetRequiredService<PersonalDataVault>();
        var generator = new TitleGenerator(TitleGenerator.NewTag(), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        var titles = Enumerable.Range(0, count).Select(generator.Next).ToList();
        var lines = titles.Select(t => JsonSerializer.SerializeToUtf8Bytes(t, IntakeService.Json)).ToArray();
        var now = Instants.Micro(DateTimeOffset.UtcNow);
        var accepted = new IntakeAccepted[count];

        var stages = new (string Name, Action<int> Run)[]
        {
            ("parse the line (UTF-8)", i => JsonSerializer.Deserialize<TitleSubmission>(lines[i], IntakeService.Json)),
            ("payload hash", i => SubmissionHash.Compute(titles[i])),
            ("legal clock and today", i => LegalClock.For(law).Today(now)),
            ("competence", i => law.Competence(new CompetenceRequest(titles[i].Debtor.Kind, titles[i].Debtor.Address.Country, titles[i].Debtor.Address.PostalCode))),
            ("DossierIntake.Intake (all of it)", i => accepted[i] = DossierIntake.Intake(titles[i], new IntakeContext("d", now, law, options)).Accepted!),
            ("prescription (law engine)", i => DossierDeadlines.Prescription(accepted[i].State, law)),
            ("seal (new key, AES-GCM)", i =>
            {
                var (key, _) = vault.NewKey();
                PersonalDataVault.Seal(key, "d", accepted[i].PersonalData);
            }),
            ("state JSON (string)", i => JsonSerializer.Serialize(accepted[i].State, JsonState.Options)),
            ("state JSON (UTF-8 bytes)", i => JsonSerializer.SerializeToUtf8Bytes(accepted[i].State, JsonState.Options)),
            ("journal JSON (strings)", i =>
            {
                foreach (var entry in accepted[i].Journal)
                {
                    JsonSerializer.Serialize(entry.Data, entry.Data.GetType(), JsonState.Options);
                }
            }),
            ("journal JSON (UTF-8 bytes)", i =>
            {
                foreach (var entry in accepted[i].Journal)
                {
                    JsonSerializer.SerializeToUtf8Bytes(entry.Data, entry.Data.GetType(), JsonState.Options);
                }
            }),
        };
        foreach (var (name, run) in stages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A warm-up pass first (JIT, caches), then the measured one.
            for (var i = 0; i < count; i++)
            {
                run(i);
            }
            var clock = Stopwatch.StartNew();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < count; i++)
            {
                run(i);
            }
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            clock.Stop();
            result.Rows.Add(new BenchRow()
                .Add("stage", name)
                .Add("titles", count, "F0")
                .Add("alloc_b_per_title", (double)bytes / count, "F0")
                .Add("us_per_title", clock.Elapsed.TotalMicroseconds / count, "F1"));
        }
        result.Notes.Add("Each stage alone over the same generated titles, after a warm-up pass over them; the stages after intake work " +
            "on the accepted dossiers of the intake stage (before sealing). One thread, no database, no timing target.");
        return result;
    }
}

using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.WebConsole;

// The language choice, and what the intake pages fetch: the job's progress (JSON), its rejections (CSV), the script.
public static partial class ConsoleApi
{
    /// <summary>How long the language choice is remembered.</summary>
    public static readonly TimeSpan LanguageCookieLifetime = TimeSpan.FromDays(365);

    /// <summary>The progress script: polls the job's counts every second while it runs, same origin, nothing else.</summary>
    public const string IntakeProgressScript = """
        (function () {
          var box = document.getElementById('progress');
          if (!box) { return; }
          var url = box.getAttribute('data-url');
          function show(job) {
            ['linesRead', 'accepted', 'duplicates', 'rejected'].forEach(function (k) {
              var cell = document.getElementById('job-' + k);
              if (cell) { cell.textContent = String(job[k]); }
            });
            var status = document.getElementById('job-status');
            if (status && status.getAttribute('data-status') !== job.status) {
              status.setAttribute('data-status', job.status);
              status.textContent = job.status;
            }
            box.setAttribute('data-status', job.status);
          }
          function tick() {
            fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
              .then(function (r) { return r.ok ? r.json() : null; })
              .then(function (job) {
                if (!job) { return; }
                show(job);
                if (job.status === 'running') { setTimeout(tick, 1000); }
              })
              .catch(function () { setTimeout(tick, 5000); });
          }
          if (box.getAttribute('data-status') === 'running') { setTimeout(tick, 1000); }
        })();
        """;

    private static void MapIntakeFeeds(this RouteGroupBuilder console)
    {
        console.MapGet("/intake/{id:guid}/progress", async Task<Results<Ok<IntakeJob>, NotFound>> (Guid id, IntakeService intake, CancellationToken ct) =>
            await intake.FindJobAsync(id, ct) is { } job ? TypedResults.Ok(job) : TypedResults.NotFound())
            .RequireAuthorization(ConsolePolicies.Intake);
        console.MapGet("/intake/{id:guid}/rejections.csv", RejectionsCsvAsync).RequireAuthorization(ConsolePolicies.Intake)
            .Audited("intake-job.read-lines", "intake-job");
        console.MapGet("/assets/intake-progress.js", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "private, max-age=3600";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.Text(IntakeProgressScript, "text/javascript", Encoding.UTF8);
        }).RequireAuthorization();
    }

    /// <summary>Remembers fr or nl in a cookie (nothing else) and goes back to the page; the form needs its anti-forgery token.</summary>
    private static async Task<IResult> LanguageAsync(HttpContext http)
    {
        if (await ReadFormAsync(http) is { } refused)
        {
            return new Page(StatusCodes.Status400BadRequest, "Refused", _ => RefusedForm(refused));
        }
        var form = http.Request.Form;
        if (ConsoleText.Parse(form["lang"]) is not { } language)
        {
            return new Page(StatusCodes.Status400BadRequest, "Refused", _ => "<p>Français (fr) ou/of Nederlands (nl).</p>");
        }
        http.Response.Cookies.Append(ConsoleText.Cookie, language == ConsoleLanguage.Dutch ? "nl" : "fr", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = LanguageCookieLifetime,
            Path = "/",
            IsEssential = true,
        });
        return new SeeOther(LocalOrHome(form["returnUrl"]));
    }

    /// <summary>Every rejected line of a job with its reasons, as CSV (cells that a spreadsheet would run as formulas are quoted as text).</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> RejectionsCsvAsync(Guid id, IntakeService intake, CancellationToken ct)
    {
        if (await intake.FindJobAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }
        var csv = new StringBuilder("line,reference,field,message\r\n");
        var after = 0;
        while (true)
        {
            var page = await intake.LinesAsync(id, after, 1_000, LineOutcome.Rejected, ct);
            foreach (var line in page.Items)
            {
                foreach (var error in line.Errors is { Count: > 0 } errors ? errors : [new Contracts.ValidationError("", "")])
                {
                    csv.Append(line.Line.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Cell(line.Reference)).Append(',')
                        .Append(Cell(error.Field)).Append(',').Append(Cell(error.Message)).Append("\r\n");
                }
            }
            if (page.Next is not { } next)
            {
                break;
            }
            after = next;
        }
        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8",
            $"intake-{id}-rejections.csv");
    }

    // Always quoted; a leading = + - @ (a formula to a spreadsheet) gets a quote mark first.
    private static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.Dossiers;

// Bulk intake: the NDJSON stream in and out, the job's progress, and its lines read back.
public static partial class OnssApi
{
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    /// <summary>The largest bulk body by default (<c>Intake:MaxBodyBytes</c>): 100,000 titles take about 75 MB of NDJSON.</summary>
    public const long BulkMaxBytes = 256L * 1024 * 1024;

    /// <summary>When a refused or interrupted bulk file may be sent again.</summary>
    private static readonly TimeSpan BulkJobRetryAfter = TimeSpan.FromSeconds(10);

    private static void MapBulkIntake(this RouteGroupBuilder g)
    {
        g.MapPost("/dossiers/bulk", BulkAsync).WithName("SubmitTitlesInBulk")
            .WithSummary("Hands over up to 100,000 titles as NDJSON; answers NDJSON: the job, then one result per line, then the totals " +
                "(or, when the body passes the size limit while read, an error line); a declared body over the limit is a 413 problem")
            .Accepts<string>("application/x-ndjson").Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).Audited("dossier.submit-bulk", "intake-job");
        g.MapGet("/intake-jobs/{id:guid}", JobAsync).WithName("GetIntakeJob").WithSummary("A bulk intake's progress");
        g.MapGet("/intake-jobs/{id:guid}/lines", LinesAsync).WithName("GetIntakeJobLines")
            .WithSummary("A bulk intake's line results, in line order, page by page (after, limit up to 1,000, outcome)")
            .Audited("intake-job.read-lines", "intake-job");
    }

    // A problem written before the stream starts: the bulk endpoint writes its own responses, not IResults.
    private static async Task WriteProblemAsync(HttpContext http, IProblemDetailsService problems, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new() { Status = status, Title = title, Detail = detail },
        });
    }

    private static async Task BulkAsync(HttpContext http, IntakeService intake, IProblemDetailsService problems, CancellationToken ct)
    {
        var max = intake.Limits.MaxBodyBytes;
        if (http.Request.ContentLength > max)
        {
            // Known before reading: refused whole, nothing read, no job.
            await WriteProblemAsync(http, problems, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"A bulk file carries at most {max:N0} bytes; split it into several requests.");
            return;
        }
        // The limit is enforced by the counting stream below, so that a body found too large mid-way ends the stream cleanly.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        IntakeJob job;
        try
        {
            job = await intake.StartJobAsync(http.User.UserId(), ct);
        }
        catch (IntakeJobLimitException e)
        {
            // Refused before reading: the caller's running jobs go on, this one never starts.
            http.Response.Headers.RetryAfter = ((int)BulkJobRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteProblemAsync(http, problems, StatusCodes.Status429TooManyRequests, "Too many bulk jobs",
                $"A caller runs at most {e.Limit} bulk intake jobs at once; send this file when one of them has ended.");
            return;
        }
        http.AuditResource(job.Id.ToString());
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers.Location = $"/onss/intake-jobs/{job.Id}";
        // Lines go out in blocks of 64 KB rather than one network write each.
        await using var output = new BufferedStream(http.Response.Body, 64 * 1024);
        await WriteLineAsync(output, new { type = "job", jobId = job.Id }, ct);
        await output.FlushAsync(ct);
        var body = new LimitedBodyStream(http.Request.Body, max);
        var finished = await intake.RunBulkAsync(job, body, result => WriteLineAsync(output, new
        {
            type = "line",
            line = result.Line,
            reference = result.Reference,
            outcome = IntakeService.OutcomeName(result.Outcome),
            dossierId = result.DossierId,
            errors = result.Errors,
        }, ct), ct);
        if (finished.Status == IntakeJobStatus.TooLarge)
        {
            await WriteLineAsync(output, new
            {
                type = "error",
                status = StatusCodes.Status413PayloadTooLarge,
                title = "Request body too large",
                detail = $"The body passed {max:N0} bytes; the lines before were taken in as reported, the rest was not read.",
                job = finished,
            }, ct);
        }
        else if (finished.Status == IntakeJobStatus.Interrupted)
        {
            // The node stops: the client learns where the job ended and sends the file again, to another node.
            await WriteLineAsync(output, new
            {
                type = "error",
                status = StatusCodes.Status503ServiceUnavailable,
                title = "The node is stopping",
                detail = finished.Reason,
                retryAfterSeconds = (int)BulkJobRetryAfter.TotalSeconds,
                job = finished,
            }, ct);
        }
        else
        {
            await WriteLineAsync(output, new { type = "summary", job = finished }, ct);
        }
        await output.FlushAsync(ct);
    }

    private static async ValueTask WriteLineAsync(Stream output, object value, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(output, value, value.GetType(), IntakeService.Json, ct);
        // Kestrel refuses synchronous writes to the response body.
        await output.WriteAsync(NewLine, ct);
    }

    private static async Task<Results<Ok<IntakeJob>, NotFound>> JobAsync(Guid id, IntakeService intake, CancellationToken ct) =>
        await intake.FindJobAsync(id, ct) is { } job ? TypedResults.Ok(job) : TypedResults.NotFound();

    private static async Task<Results<Ok<IntakeLinePage>, NotFound>> LinesAsync(Guid id, int? after, int? limit, LineOutcome? outcome,
        IntakeService intake, CancellationToken ct)
    {
        if (await intake.FindJobAsync(id, ct) is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await intake.LinesAsync(id, Math.Max(0, after ?? 0), Math.Clamp(limit ?? 100, 1, 1_000), outcome, ct));
    }

    /// <summary>The request body, counted: past <c>limit</c> bytes a read throws <see cref="IntakeBodyTooLargeException"/>.</summary>
    private sealed class LimitedBodyStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }
            if (_read < limit)
            {
                // Up to the limit exactly, so that the lines before it are read whole.
                var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - _read)], cancellationToken);
                _read += n;
                return n;
            }
            // At the limit: one byte more means the body is too large.
            return await inner.ReadAsync(buffer[..1], cancellationToken) == 0 ? 0 : throw new IntakeBodyTooLargeException(limit);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The body is read asynchronously.");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MioKarte.Core.Common;
using MioKarte.Core.Patients;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Forms;

/// <summary>
/// 帳票: the blank 患者情報送信票 and 同意書 (section 4-1) to print and hand to patients. They carry
/// no data, so each is drawn once per process.
/// </summary>
[Area("Clinical")]
[Route("patients/forms")]
[Authorize(Policy = PortalPolicies.ViewClinicalData)]
public sealed class FormsController : Controller
{
    private static readonly Lazy<RenderedPdf> TransmittalSheet = new(PatientFormPdfs.TransmittalSheet);
    private static readonly Lazy<RenderedPdf> ConsentForm = new(PatientFormPdfs.ConsentForm);

    [HttpGet("")]
    public IActionResult Index() => View();

    [HttpGet("transmittal-sheet.pdf")]
    public IActionResult Transmittal() => Pdf(TransmittalSheet.Value);

    [HttpGet("consent-form.pdf")]
    public IActionResult Consent() => Pdf(ConsentForm.Value);

    private FileContentResult Pdf(RenderedPdf pdf)
    {
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = pdf.FileName,
            FileNameStar = pdf.Title + ".pdf",
        }.ToString();
        return File(pdf.Content, "application/pdf");
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProviderNeutralModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks");

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks",
                columns: new[] { "FacilityId", "DisclosingFacilityId", "DisclosingPatientId" },
                unique: true,
                filter: "\"WithdrawnAtUtc\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks");

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks",
                columns: new[] { "FacilityId", "DisclosingFacilityId", "DisclosingPatientId" },
                unique: true,
                filter: "WithdrawnAtUtc IS NULL");
        }
    }
}

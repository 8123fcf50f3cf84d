using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.SqlServer.Migrations
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

            migrationBuilder.AlterColumn<string>(
                name: "Rights",
                table: "AspNetUsers",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(40)",
                oldMaxLength: 40);

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

            migrationBuilder.AlterColumn<string>(
                name: "Rights",
                table: "AspNetUsers",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100);

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks",
                columns: new[] { "FacilityId", "DisclosingFacilityId", "DisclosingPatientId" },
                unique: true,
                filter: "WithdrawnAtUtc IS NULL");
        }
    }
}

import { Controller, Get, Header } from '@nestjs/common';
import { openApiDocument } from './document.js';

/** Where Swagger UI's files are served from (node_modules/swagger-ui-dist, mounted in bootstrap). */
export const SWAGGER_UI_PATH = '/api/docs/ui';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>qinwatt API</title>
<link rel="stylesheet" href="${SWAGGER_UI_PATH}/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="${SWAGGER_UI_PATH}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

/** The API's description: the OpenAPI document, generated once, and a page to browse it. */
@Controller('api')
export class OpenApiController {
  private readonly document = openApiDocument();

  @Get('openapi.json')
  openApi(): ReturnType<typeof openApiDocument> {
    return this.document;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return PAGE;
  }
}

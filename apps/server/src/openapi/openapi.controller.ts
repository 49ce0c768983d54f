import { Controller, Get } from '@nestjs/common';
import { OPENAPI } from './openapi.js';

@Controller('api')
export class OpenApiController {
  @Get('openapi.json')
  document(): typeof OPENAPI {
    return OPENAPI;
  }
}

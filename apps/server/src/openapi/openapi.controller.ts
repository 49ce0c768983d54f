import { Controller, Get } from '@nestjs/common';
import { OPENAPI } from './openapi.js';
import { Public } from '../auth/decorators.js';

@Controller('api')
export class OpenApiController {
  @Get('openapi.json')
  @Public()
  document(): typeof OPENAPI {
    return OPENAPI;
  }
}
